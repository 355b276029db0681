package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class FiberBasicsTest {

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenACallable_whenSpawnedAndJoined_thenJoinReturnsItsResult(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            Fiber<Integer> f = rt.spawn(() -> 6 * 7);
            assertEquals(42, f.join());
            assertTrue(f.isDone());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenRun_whenMainSpawnsChildren_thenRunReturnsMainsResult(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            int sum = rt.run(() -> {
                List<Fiber<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int v = i;
                    fs.add(Fiber.spawn(() -> v));
                }
                int s = 0;
                for (Fiber<Integer> f : fs) {
                    s += f.join();
                }
                return s;
            });
            assertEquals(4950, sum);
        }
    }

    @Test
    void givenAFiber_whenAskedForCurrent_thenItIsItselfAndNullOutside() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            AtomicReference<Fiber<?>> seen = new AtomicReference<>();
            Fiber<Void> f = rt.spawn(() -> seen.set(Fiber.current()));
            f.join();
            assertSame(f, seen.get());
            assertNull(Fiber.current());
        }
    }

    @Test
    void givenFibers_thenIdsAreUniqueAndNamesDefaultToTheId() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Void> a = rt.spawn(() -> { });
            Fiber<Void> b = rt.spawn(() -> { });
            assertNotEquals(a.id(), b.id());
            assertEquals("fiber-" + a.id(), a.name());
            assertEquals("worker", rt.spawn("worker", () -> 1).name());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenAFiberThatThrows_whenJoined_thenCompletionExceptionWrapsTheCause(int carriers) {
        List<Throwable> reported = new ArrayList<>();
        try (Runtime rt = Runtime.builder().carriers(carriers)
                .exceptionHandler((fiber, e) -> { synchronized (reported) { reported.add(e); } }).build()) {
            IllegalStateException boom = new IllegalStateException("boom");
            Fiber<Object> f = rt.spawn(() -> { throw boom; });
            CompletionException ce = assertThrows(CompletionException.class, f::join);
            assertSame(boom, ce.getCause());
            // the carrier survived: more fibers still run
            assertEquals(7, rt.spawn(() -> 7).join());
            synchronized (reported) {
                assertEquals(List.of(boom), reported);
            }
        }
    }

    @Test
    void givenRunWhoseMainThrows_thenRunThrowsCompletionExceptionAndHandlerIsNotCalled() {
        AtomicInteger reported = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(1).exceptionHandler((f, e) -> reported.incrementAndGet()).build()) {
            CompletionException ce = assertThrows(CompletionException.class,
                    () -> rt.run(() -> { throw new ArithmeticException("main failed"); }));
            assertInstanceOf(ArithmeticException.class, ce.getCause());
            assertEquals(0, reported.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenYieldingFibers_whenRunOnOneRuntime_thenTheyInterleave(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            AtomicInteger counter = new AtomicInteger();
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(rt.spawn(() -> {
                    for (int k = 0; k < 1000; k++) {
                        counter.incrementAndGet();
                        Fiber.yieldNow();
                    }
                }));
            }
            fs.forEach(Fiber::join);
            assertEquals(10_000, counter.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenSleepingFiber_whenSleepEnds_thenAtLeastTheDurationPassed(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            long elapsed = rt.run(() -> {
                long t0 = System.nanoTime();
                Fiber.sleep(Duration.ofMillis(30));
                return System.nanoTime() - t0;
            });
            assertTrue(elapsed >= Duration.ofMillis(30).toNanos(), "slept only " + elapsed + " ns");
        }
    }

    @Test
    void givenAPlainThread_whenSleeping_thenItSleeps() {
        long t0 = System.nanoTime();
        Fiber.sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(20).toNanos());
    }

    @Test
    void givenFiberSpawnOutsideAFiber_thenItRunsOnTheGlobalRuntime() {
        Fiber<Runtime> f = Fiber.spawn(() -> Fiber.current().runtime());
        assertSame(Runtime.global(), f.join());
        Runtime.global().close(); // ignored
        assertFalse(Runtime.global().isClosed());
    }

    @Test
    void givenAFiberInsideARuntime_whenItUsesFiberSpawn_thenTheChildRunsOnTheSameRuntime() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            Runtime childRt = rt.run(() -> Fiber.spawn(() -> Fiber.current().runtime()).join());
            assertSame(rt, childRt);
        }
    }

    @Test
    void givenExecute_thenTheTaskRunsInAFiber() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            AtomicReference<Fiber<?>> f = new AtomicReference<>();
            rt.execute(() -> { f.set(Fiber.current()); done.countDown(); });
            assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
            assertNotNull(f.get());
        }
    }

    @Test
    void givenAFiber_whenItJoinsItself_thenIllegalStateException() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Object> f = rt.run(() -> {
                Fiber<?> me = Fiber.current();
                try {
                    me.join();
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            }) instanceof IllegalStateException ? null : rt.spawn(() -> null);
            assertNull(f, "self-join must throw IllegalStateException");
        }
    }
}
