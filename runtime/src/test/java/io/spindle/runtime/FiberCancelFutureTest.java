package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fiber's Future-shaped methods after {@link Fiber#cancel()}: get throws CancellationException as
 * {@link java.util.concurrent.Future} specifies (not an ExecutionException wrapping it); join
 * reports how the fiber ended.
 */
@Timeout(60)
class FiberCancelFutureTest {

    private static Runtime quietRuntime() {
        return Runtime.builder().carriers(2).exceptionHandler((f, e) -> { }).build();
    }

    /** A fiber parked forever (until cancelled), and a flag set once it is about to park. */
    private static Fiber<String> parkedForever(Runtime rt, AtomicBoolean parking) {
        return rt.spawn(() -> {
            parking.set(true);
            while (true) {
                Strand.park(); // only cancellation ends this
            }
        });
    }

    private static void awaitFlag(AtomicBoolean flag) throws InterruptedException {
        while (!flag.get()) {
            Thread.sleep(1);
        }
    }

    @Test
    void givenAParkedFiber_whenCancelled_thenGetThrowsCancellationExceptionNotExecutionException() throws Exception {
        try (Runtime rt = quietRuntime()) {
            AtomicBoolean parking = new AtomicBoolean();
            Fiber<String> f = parkedForever(rt, parking);
            awaitFlag(parking);
            assertTrue(f.cancel());
            assertTrue(f.isCancelled());
            CancellationException e = assertThrows(CancellationException.class, f::get);
            assertFalse(e.getCause() instanceof ExecutionException);
            assertThrows(CancellationException.class, () -> f.get(1, TimeUnit.SECONDS));
            // join waits for the end and reports it: the cancellation escaped the body
            CompletionException j = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(FiberCancelledException.class, j.getCause());
            assertTrue(f.isDone());
            assertEquals(Fiber.State.TERMINATED, f.state());
        }
    }

    @Test
    void givenAFiberCancelledBeforeItStarts_whenGetAndJoin_thenCancellationBothWays() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).exceptionHandler((f, e) -> { }).build()) {
            AtomicBoolean release = new AtomicBoolean();
            AtomicBoolean ran = new AtomicBoolean();
            // occupy the only carrier so that the second fiber cannot start before it is cancelled
            Fiber<?> blocker = rt.spawn(() -> {
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            Fiber<String> f = rt.spawn(() -> {
                ran.set(true);
                return "ran";
            });
            assertTrue(f.cancel());
            release.set(true);
            blocker.join();
            assertThrows(CancellationException.class, f::get);
            CompletionException j = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(FiberCancelledException.class, j.getCause());
            assertFalse(ran.get(), "a fiber cancelled before it starts never runs its body");
        }
    }

    @Test
    void givenAFiberThatCatchesItsCancellation_whenItReturns_thenJoinGivesTheResultButGetStillThrows() throws Exception {
        try (Runtime rt = quietRuntime()) {
            AtomicBoolean parking = new AtomicBoolean();
            Fiber<String> f = rt.spawn(() -> {
                parking.set(true);
                try {
                    while (true) {
                        Strand.park();
                    }
                } catch (FiberCancelledException e) {
                    return "cleaned up";
                }
            });
            awaitFlag(parking);
            f.cancel();
            assertEquals("cleaned up", f.join());
            assertThrows(CancellationException.class, f::get, "Future: a cancelled task's get throws");
        }
    }

    @Test
    void givenAFiberThatEnded_whenCancelledAfterwards_thenCancelIsFalseAndGetReturnsTheResult() throws Exception {
        try (Runtime rt = quietRuntime()) {
            Fiber<Integer> f = rt.spawn(() -> 42);
            assertEquals(42, f.join());
            assertFalse(f.cancel());
            assertFalse(f.isCancelled());
            assertEquals(42, f.get());
            assertEquals(42, f.get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void givenAFailedFiber_whenGet_thenExecutionExceptionWithTheCause() {
        try (Runtime rt = quietRuntime()) {
            Fiber<Integer> f = rt.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    @Test
    void givenAFiberWaitingInGet_whenTheTargetIsCancelled_thenTheWaiterGetsCancellationException() {
        try (Runtime rt = quietRuntime()) {
            AtomicBoolean parking = new AtomicBoolean();
            Fiber<String> target = parkedForever(rt, parking);
            Fiber<String> waiter = rt.spawn(() -> {
                while (!parking.get()) {
                    Fiber.yieldNow();
                }
                try {
                    return "got " + target.get();
                } catch (CancellationException e) {
                    return "cancelled";
                }
            });
            while (!parking.get()) {
                Thread.onSpinWait();
            }
            target.cancel();
            assertEquals("cancelled", waiter.join());
        }
    }
}
