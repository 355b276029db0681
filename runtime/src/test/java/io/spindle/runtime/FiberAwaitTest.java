package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fiber.await(CompletionStage): parks a fiber (not its carrier), join's exception rules, cancellation. */
@Timeout(60)
class FiberAwaitTest {
    private final Queue<Throwable> reported = new ConcurrentLinkedQueue<>();

    static Stream<Integer> oneAndTwo() {
        return Stream.of(1, 2);
    }

    private Runtime runtime(int carriers) {
        return Runtime.builder().carriers(carriers).name("await").exceptionHandler((f, e) -> reported.add(e)).build();
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAStageCompletedByAnotherFiber_whenAwaited_thenTheCarrierIsFreeAndTheValueReturned(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            String v = rt.run(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                // on one carrier the completer can only run if await parks instead of blocking the carrier
                Fiber.spawn(() -> {
                    Fiber.yieldNow();
                    cf.complete("done");
                });
                return Fiber.await(cf);
            });
            assertEquals("done", v);
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenManyFibers_whenEachAwaitsAStageCompletedByOneThread_thenAllGetTheirValues(int carriers) throws Exception {
        int n = 2_000;
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(new CompletableFuture<>());
        }
        try (Runtime rt = runtime(carriers)) {
            List<Fiber<Integer>> fibers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CompletableFuture<Integer> s = stages.get(i);
                fibers.add(rt.spawn(() -> Fiber.await(s) * 2));
            }
            Thread completer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    stages.get(i).complete(i);
                }
            });
            completer.start();
            long sum = 0;
            for (Fiber<Integer> f : fibers) {
                sum += f.join();
            }
            completer.join();
            assertEquals((long) n * (n - 1), sum);
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFailedStage_whenAwaited_thenCompletionExceptionWithTheCause(int carriers) {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(carriers)) {
            Throwable seen = rt.run(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Fiber.spawn(() -> cf.completeExceptionally(boom));
                try {
                    Fiber.await(cf);
                    return null;
                } catch (CompletionException e) {
                    return e.getCause();
                }
            });
            assertSame(boom, seen);
        }
    }

    @Test
    void givenADependentStageOfAFailedOne_whenAwaited_thenTheCauseIsTheOriginalFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(1)) {
            Throwable seen = rt.run(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                CompletionStage<Integer> dependent = cf.thenApply(String::length);
                Fiber.spawn(() -> cf.completeExceptionally(boom));
                CompletionException e = assertThrows(CompletionException.class, () -> Fiber.await(dependent));
                return e.getCause();
            });
            assertSame(boom, seen);
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenACancelledStage_whenAwaited_thenCancellationException(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            Throwable seen = rt.run(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Fiber.spawn(() -> cf.cancel(false));
                try {
                    Fiber.await(cf);
                    return null;
                } catch (CancellationException e) {
                    return e;
                }
            });
            assertInstanceOf(CancellationException.class, seen);
        }
    }

    @Test
    void givenAMinimalStageWithoutToCompletableFuture_whenAwaited_thenItsValueIsReturned() {
        try (Runtime rt = runtime(1)) {
            int v = rt.run(() -> {
                CompletableFuture<Integer> cf = new CompletableFuture<>();
                CompletionStage<Integer> minimal = cf.minimalCompletionStage().thenApply(x -> x + 1);
                Fiber.spawn(() -> cf.complete(41));
                return Fiber.await(minimal);
            });
            assertEquals(42, v);
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFiberAwaitingAStage_whenTheFiberIsCancelled_thenItWakesWithFiberCancelledAndTheStageIsLeftAlone(int carriers)
            throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        try (Runtime rt = runtime(carriers)) {
            Fiber<Void> f = rt.spawn(() -> {
                waiting.countDown();
                try {
                    Fiber.await(never);
                } catch (Throwable t) {
                    seen.set(t);
                    throw t;
                }
            });
            assertTrue(waiting.await(30, TimeUnit.SECONDS));
            f.cancel();
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(FiberCancelledException.class, e.getCause());
            assertInstanceOf(FiberCancelledException.class, seen.get());
            assertFalse(never.isDone(), "the stage must not be completed or cancelled by the fiber's cancellation");
        }
        assertTrue(reported.isEmpty(), "a cancelled fiber is not reported: " + reported);
    }

    @Test
    void givenAPlainThread_whenItAwaitsWhileInterrupted_thenItStillWaitsAndKeepsItsInterruptStatus() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        CompletionStage<String> stage = cf.thenApply(s -> s + "!"); // not done: the slow path
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            result.set(Fiber.await(stage));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        Thread.sleep(50); // let it wait a little (not needed for correctness)
        t.interrupt();
        cf.complete("ok");
        t.join(30_000);
        assertFalse(t.isAlive());
        assertEquals("ok!", result.get());
        assertEquals(Boolean.TRUE, interruptedAfter.get());
    }

    @Test
    void givenAPlainThreadAndADoneStage_whenAwaited_thenItReturnsAtOnce() {
        assertEquals(7, Fiber.await(CompletableFuture.completedFuture(7)));
        assertNull(Fiber.await(CompletableFuture.completedFuture(null)));
        CompletionException e = assertThrows(CompletionException.class,
                () -> Fiber.await(CompletableFuture.failedFuture(new ArithmeticException("x"))));
        assertInstanceOf(ArithmeticException.class, e.getCause());
    }

    @Test
    void givenNull_whenAwaited_thenNullPointerException() {
        assertThrows(NullPointerException.class, () -> Fiber.await(null));
    }
}
