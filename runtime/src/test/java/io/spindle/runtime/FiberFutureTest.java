package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** fiber.toCompletableFuture(): completion, failure, cancellation in both directions, manual completion. */
@Timeout(60)
class FiberFutureTest {
    private final Queue<Throwable> reported = new ConcurrentLinkedQueue<>();

    static Stream<Integer> oneAndTwo() {
        return Stream.of(1, 2);
    }

    private Runtime runtime(int carriers) {
        return Runtime.builder().carriers(carriers).name("future").exceptionHandler((f, e) -> reported.add(e)).build();
    }

    /** Parks the current fiber until it is cancelled. */
    private static void parkUntilCancelled(CountDownLatch started) {
        started.countDown();
        while (true) {
            Strand.park();
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFiber_whenItReturns_thenItsFutureCompletesWithTheResult(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            CountDownLatch go = new CountDownLatch(1);
            Fiber<Integer> f = rt.spawn(() -> {
                go.await();
                return 42;
            });
            CompletableFuture<Integer> cf = f.toCompletableFuture();
            CompletableFuture<Integer> plusOne = cf.thenApply(v -> v + 1);
            assertFalse(cf.isDone());
            go.countDown();
            assertEquals(42, cf.get(30, TimeUnit.SECONDS));
            assertEquals(43, plusOne.join());
        }
    }

    @Test
    void givenAFinishedFiber_whenAskedForAFuture_thenItIsCompleteAtOnce() {
        try (Runtime rt = runtime(1)) {
            Fiber<String> f = rt.spawn(() -> "x");
            f.join();
            CompletableFuture<String> cf = f.toCompletableFuture();
            assertTrue(cf.isDone());
            assertEquals("x", cf.join());
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFailingFiber_whenItEnds_thenItsFutureFailsWithTheSameException(int carriers) {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(carriers)) {
            Fiber<Integer> f = rt.spawn(() -> {
                throw boom;
            });
            CompletableFuture<Integer> cf = f.toCompletableFuture();
            ExecutionException e = assertThrows(ExecutionException.class, cf::get);
            assertSame(boom, e.getCause());
            assertSame(boom, assertThrows(CompletionException.class, cf::join).getCause());
            assertTrue(cf.isCompletedExceptionally());
            assertFalse(cf.isCancelled());
        }
        assertEquals(1, reported.size(), "the fiber's failure is reported once, as without a future");
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenACancelledFiber_whenItEnds_thenItsFutureIsCancelled(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            CountDownLatch started = new CountDownLatch(1);
            Fiber<Void> f = rt.spawn(() -> parkUntilCancelled(started));
            CompletableFuture<Void> cf = f.toCompletableFuture();
            assertTrue(started.await(30, TimeUnit.SECONDS));
            f.cancel();
            assertThrows(CancellationException.class, cf::join);
            assertTrue(cf.isCancelled());
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFutureOfAParkedFiber_whenCancelledWithInterrupt_thenTheFiberIsCancelledToo(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            CountDownLatch started = new CountDownLatch(1);
            Fiber<Void> f = rt.spawn(() -> parkUntilCancelled(started));
            CompletableFuture<Void> cf = f.toCompletableFuture();
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(cf.cancel(true));
            assertTrue(cf.isCancelled());
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(FiberCancelledException.class, e.getCause());
            assertTrue(f.isCancelled());
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @Test
    void givenAFuture_whenCancelledWithoutInterrupt_thenOnlyTheFutureIsCancelledAndTheFiberFinishes() throws Exception {
        try (Runtime rt = runtime(2)) {
            CountDownLatch go = new CountDownLatch(1);
            Fiber<Integer> f = rt.spawn(() -> {
                go.await();
                return 5;
            });
            CompletableFuture<Integer> cf = f.toCompletableFuture();
            assertTrue(cf.cancel(false));
            go.countDown();
            assertEquals(5, f.join());
            assertFalse(f.isCancelled());
            assertTrue(cf.isCancelled());
        }
    }

    @Test
    void givenAFuture_whenCompletedByHand_thenTheFiberIsUntouchedAndOtherFuturesGetItsRealResult() throws Exception {
        try (Runtime rt = runtime(2)) {
            CountDownLatch go = new CountDownLatch(1);
            Fiber<Integer> f = rt.spawn(() -> {
                go.await();
                return 5;
            });
            CompletableFuture<Integer> a = f.toCompletableFuture();
            CompletableFuture<Integer> b = f.toCompletableFuture();
            assertTrue(a.complete(99));
            go.countDown();
            assertEquals(5, f.join());
            assertEquals(99, a.join());
            assertEquals(5, b.get(30, TimeUnit.SECONDS));
            assertFalse(f.isCancelled());
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFiber_whenItJoinsAnotherFibersFuture_thenItParksInsteadOfBlockingTheCarrier(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            int v = rt.run(() -> {
                // on one carrier, child can only run if join()/get() park the main fiber
                Fiber<Integer> child = Fiber.spawn(() -> {
                    Fiber.yieldNow();
                    return 20;
                });
                CompletableFuture<Integer> cf = child.toCompletableFuture();
                int a = cf.thenApply(x -> x + 1).join();
                int b = cf.get();
                Fiber<Integer> slow = Fiber.spawn(() -> {
                    Fiber.sleep(java.time.Duration.ofSeconds(30));
                    return 0;
                });
                assertThrows(TimeoutException.class, () -> slow.toCompletableFuture().get(1, TimeUnit.MILLISECONDS));
                slow.cancel();
                return a + b;
            });
            assertEquals(41, v);
        }
    }

    @Test
    void givenADependentStage_whenItIsCancelled_thenTheFiberIsNotCancelled() throws Exception {
        try (Runtime rt = runtime(2)) {
            CountDownLatch go = new CountDownLatch(1);
            Fiber<Integer> f = rt.spawn(() -> {
                go.await();
                return 1;
            });
            CompletableFuture<Integer> dependent = f.toCompletableFuture().thenApply(x -> x);
            assertTrue(dependent.cancel(true));
            go.countDown();
            assertEquals(1, f.join());
            assertFalse(f.isCancelled());
        }
    }
}
