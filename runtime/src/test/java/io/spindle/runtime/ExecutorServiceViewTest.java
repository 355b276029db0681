package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runtime.executorService(): the ExecutorService contract in the style of JSR-166's TCK
 * (AbstractExecutorServiceTest, ThreadPerTaskExecutorTest): submit/execute, invokeAll/invokeAny,
 * shutdown/shutdownNow/awaitTermination, and what the runtime's close does to the view. On 1 and 2
 * carriers; the invoke methods also from inside a fiber, where they must park, not block.
 */
@Timeout(60)
class ExecutorServiceViewTest {
    private static final long LONG = 30; // seconds: only reached when something is broken
    private final Queue<Throwable> reported = new ConcurrentLinkedQueue<>();

    static Stream<Integer> oneAndTwo() {
        return Stream.of(1, 2);
    }

    private Runtime runtime(int carriers) {
        return Runtime.builder().carriers(carriers).name("exec").exceptionHandler((f, e) -> reported.add(e)).build();
    }

    /** A task that parks until it is cancelled, counting down {@code started} first and {@code ended} last. */
    private static Callable<String> parkForever(CountDownLatch started, CountDownLatch ended) {
        return () -> {
            started.countDown();
            try {
                while (true) {
                    Strand.park();
                }
            } finally {
                ended.countDown();
            }
        };
    }

    // ------------------------------------------------------------------ submit / execute

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenSubmittedTasks_whenTheyFinish_thenTheirFuturesHaveTheResultsAndTheyRanInFibers(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            Future<Boolean> inFiber = ex.submit(() -> Fiber.current() != null);
            Future<?> runnable = ex.submit(() -> { });
            Future<String> withResult = ex.submit(() -> { }, "r");
            assertTrue(inFiber.get(LONG, TimeUnit.SECONDS));
            assertNull(runnable.get(LONG, TimeUnit.SECONDS));
            assertEquals("r", withResult.get(LONG, TimeUnit.SECONDS));
            CountDownLatch ran = new CountDownLatch(1);
            ex.execute(ran::countDown);
            assertTrue(ran.await(LONG, TimeUnit.SECONDS));
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAFailingTask_whenSubmitted_thenGetThrowsExecutionExceptionAndNothingIsReported(int carriers) {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(carriers)) {
            Future<Object> f = rt.executorService().submit(() -> {
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(LONG, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            assertFalse(f.isCancelled());
        }
        assertTrue(reported.isEmpty(), "submit keeps the failure in the future: " + reported);
    }

    @Test
    void givenAFailingTask_whenExecuted_thenTheRuntimesHandlerGetsIt() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            ex.execute(() -> {
                throw boom;
            });
            ex.shutdown();
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
        }
        assertEquals(List.of(boom), List.copyOf(reported));
    }

    @Test
    void givenNullTasks_thenNullPointerException() {
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            assertThrows(NullPointerException.class, () -> ex.execute(null));
            assertThrows(NullPointerException.class, () -> ex.submit((Callable<?>) null));
            assertThrows(NullPointerException.class, () -> ex.submit((Runnable) null));
            assertThrows(NullPointerException.class, () -> ex.invokeAll(null));
            List<Callable<String>> withNull = new ArrayList<>();
            withNull.add(() -> "a");
            withNull.add(null);
            assertThrows(NullPointerException.class, () -> ex.invokeAll(withNull));
            assertThrows(NullPointerException.class, () -> ex.invokeAny(withNull));
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenARunningTask_whenItsFutureIsCancelledWithInterrupt_thenItsFiberIsCancelled(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            Future<String> f = rt.executorService().submit(parkForever(started, ended));
            assertTrue(started.await(LONG, TimeUnit.SECONDS));
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled());
            assertTrue(f.isDone());
            assertTrue(ended.await(LONG, TimeUnit.SECONDS), "the task's fiber must be cancelled");
            assertThrows(CancellationException.class, f::get);
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @Test
    void givenATaskCancelledBeforeItStarts_thenItNeverRuns() throws Exception {
        try (Runtime rt = runtime(1)) {
            AtomicInteger ran = new AtomicInteger();
            ExecutorService ex = rt.executorService();
            boolean cancelled = rt.run(() -> {
                // the main fiber holds the only carrier: the task cannot start before the cancel
                Future<Integer> f = ex.submit(ran::incrementAndGet);
                return f.cancel(true);
            });
            assertTrue(cancelled);
            ex.shutdown();
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
            assertEquals(0, ran.get());
        }
    }

    // ------------------------------------------------------------------ shutdown

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenShutdown_thenNewTasksAreRejected_submittedOnesFinish_andTheRuntimeStaysOpen(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch go = new CountDownLatch(1);
            Future<Integer> running = ex.submit(() -> {
                go.await();
                return 1;
            });
            ex.shutdown();
            assertTrue(ex.isShutdown());
            assertFalse(ex.isTerminated());
            assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 2));
            assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> { }));
            assertFalse(ex.awaitTermination(20, TimeUnit.MILLISECONDS), "a task is still running");
            go.countDown();
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
            assertTrue(ex.isTerminated());
            assertEquals(1, running.get());
            assertFalse(rt.isClosed());
            assertEquals(3, rt.spawn(() -> 3).join(), "the runtime still runs fibers");
            assertFalse(rt.executorService().isShutdown(), "another view is independent");
        }
    }

    @Test
    void givenAnIdleView_whenShutDown_thenItIsTerminatedAtOnce() throws Exception {
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            assertFalse(ex.isShutdown());
            assertFalse(ex.isTerminated());
            assertFalse(ex.awaitTermination(1, TimeUnit.MILLISECONDS));
            ex.shutdown();
            ex.shutdown(); // harmless
            assertTrue(ex.isTerminated());
            assertTrue(ex.awaitTermination(0, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenRunningTasks_whenShutdownNow_thenTheirFibersAreCancelledAndTheViewTerminates(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch started = new CountDownLatch(3);
            CountDownLatch ended = new CountDownLatch(3);
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(ex.submit(parkForever(started, ended)));
            }
            CountDownLatch executedEnded = new CountDownLatch(1);
            CountDownLatch executedStarted = new CountDownLatch(1);
            ex.execute(() -> {
                executedStarted.countDown();
                try {
                    while (true) {
                        Strand.park();
                    }
                } finally {
                    executedEnded.countDown();
                }
            });
            assertTrue(started.await(LONG, TimeUnit.SECONDS));
            assertTrue(executedStarted.await(LONG, TimeUnit.SECONDS));
            assertEquals(List.of(), ex.shutdownNow());
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
            assertTrue(ended.await(LONG, TimeUnit.SECONDS));
            assertTrue(executedEnded.await(LONG, TimeUnit.SECONDS));
            for (Future<String> f : fs) {
                assertTrue(f.isCancelled());
            }
            assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        }
        assertTrue(reported.isEmpty(), "cancelled fibers are not reported: " + reported);
    }

    @Test
    void givenTasksThatHaveNotStarted_whenShutdownNow_thenTheyNeverRunAndTheirFuturesAreCancelled() throws Exception {
        try (Runtime rt = runtime(1)) {
            AtomicInteger ran = new AtomicInteger();
            ExecutorService ex = rt.executorService();
            List<Future<Integer>> fs = rt.run(() -> {
                // the main fiber holds the only carrier: none of the tasks can start before shutdownNow
                List<Future<Integer>> l = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    l.add(ex.submit(ran::incrementAndGet));
                }
                ex.shutdownNow();
                return l;
            });
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
            assertEquals(0, ran.get());
            for (Future<Integer> f : fs) {
                assertTrue(f.isCancelled());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAViewWithARunningTask_whenTheRuntimeCloses_thenTheViewIsShutDownAndTerminated(int carriers) throws Exception {
        Runtime rt = runtime(carriers);
        ExecutorService ex = rt.executorService();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Future<String> f = ex.submit(parkForever(started, ended));
        assertTrue(started.await(LONG, TimeUnit.SECONDS));
        AtomicReference<Boolean> awaited = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                awaited.set(ex.awaitTermination(LONG, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                awaited.set(false);
            }
        });
        waiter.start();
        rt.close();
        waiter.join(LONG * 1000);
        assertEquals(Boolean.TRUE, awaited.get(), "awaitTermination of the view ends when the runtime closed");
        assertTrue(ex.isShutdown());
        assertTrue(ex.isTerminated());
        assertTrue(f.isCancelled());
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @Test
    void givenAnInterruptedThread_whenItAwaitsTermination_thenInterruptedException() throws Exception {
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch started = new CountDownLatch(1);
            ex.submit(parkForever(started, new CountDownLatch(1)));
            ex.shutdown();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> ex.awaitTermination(LONG, TimeUnit.SECONDS));
            assertFalse(Thread.interrupted());
            ex.shutdownNow();
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS));
        }
    }

    @Test
    void givenTryWithResources_whenTheBlockEnds_thenCloseWaitsForTheTasks() {
        AtomicInteger done = new AtomicInteger();
        try (Runtime rt = runtime(2)) {
            try (ExecutorService ex = rt.executorService()) {
                for (int i = 0; i < 100; i++) {
                    ex.submit(() -> {
                        Fiber.yieldNow();
                        return done.incrementAndGet();
                    });
                }
            }
            assertEquals(100, done.get());
        }
    }

    // ------------------------------------------------------------------ invokeAll / invokeAny

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenTasks_whenInvokeAllFromAFiber_thenEveryFutureIsDoneInOrder(int carriers) {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            List<Future<Integer>> fs = rt.run(() -> {
                List<Callable<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int v = i;
                    tasks.add(() -> {
                        Fiber.yieldNow();
                        if (v == 7) {
                            throw boom;
                        }
                        return v;
                    });
                }
                return ex.invokeAll(tasks);
            });
            assertEquals(20, fs.size());
            for (int i = 0; i < 20; i++) {
                Future<Integer> f = fs.get(i);
                assertTrue(f.isDone());
                if (i == 7) {
                    int idx = i;
                    ExecutionException e = assertThrows(ExecutionException.class, f::get, "task " + idx);
                    assertSame(boom, e.getCause());
                } else {
                    assertEquals(i, assertDoesNotThrowGet(f));
                }
            }
        }
    }

    private static <T> T assertDoesNotThrowGet(Future<T> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenASlowTask_whenInvokeAllTimesOut_thenTheUnfinishedTasksAreCancelled(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            List<Callable<String>> tasks = List.of(() -> "fast", parkForever(started, ended));
            List<Future<String>> fs = ex.invokeAll(tasks, 50, TimeUnit.MILLISECONDS);
            assertEquals("fast", fs.get(0).get());
            assertTrue(fs.get(1).isCancelled());
            assertTrue(fs.get(1).isDone());
            if (started.getCount() == 0) {
                assertTrue(ended.await(LONG, TimeUnit.SECONDS), "the slow task's fiber must be cancelled");
            }
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenOneSuccessfulTaskAmongFailingAndSlowOnes_whenInvokeAny_thenItsResultAndTheRestAreCancelled(int carriers)
            throws Exception {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch ended = new CountDownLatch(2);
            String r = rt.run(() -> ex.invokeAny(List.of(
                    parkForever(started, ended),
                    () -> {
                        throw new IllegalStateException("fails");
                    },
                    () -> {
                        while (started.getCount() > 0) { // both slow ones parked: they must be cancelled,
                            Fiber.yieldNow();               // not just skipped (yield: one carrier)
                        }
                        return "winner";
                    },
                    parkForever(started, ended))));
            assertEquals("winner", r);
            assertTrue(ended.await(LONG, TimeUnit.SECONDS), "invokeAny cancels the tasks that did not win");
        }
        assertTrue(reported.isEmpty(), reported::toString);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenOnlyFailingTasks_whenInvokeAny_thenExecutionExceptionWithOneOfTheirCauses(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            ExecutorService ex = rt.executorService();
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int v = i;
                tasks.add(() -> {
                    throw new IllegalStateException("fail " + v);
                });
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> ex.invokeAny(tasks));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith("fail "));
        }
    }

    @Test
    void givenOnlySlowTasks_whenInvokeAnyTimesOut_thenTimeoutExceptionAndAllAreCancelled() throws Exception {
        try (Runtime rt = runtime(2)) {
            ExecutorService ex = rt.executorService();
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch ended = new CountDownLatch(2);
            assertThrows(TimeoutException.class, () -> ex.invokeAny(
                    List.of(parkForever(started, ended), parkForever(started, ended)), 50, TimeUnit.MILLISECONDS));
            ex.shutdown();
            assertTrue(ex.awaitTermination(LONG, TimeUnit.SECONDS), "the slow tasks must have been cancelled");
        }
    }

    @Test
    void givenNoTasks_thenInvokeAnyThrowsIllegalArgumentAndInvokeAllReturnsEmpty() throws Exception {
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            assertThrows(IllegalArgumentException.class, () -> ex.invokeAny(List.<Callable<String>>of()));
            assertEquals(List.of(), ex.invokeAll(List.<Callable<String>>of()));
        }
    }

    @Test
    void givenAShutDownView_thenInvokeAllAndInvokeAnyAreRejected() {
        try (Runtime rt = runtime(1)) {
            ExecutorService ex = rt.executorService();
            ex.shutdown();
            List<Callable<String>> tasks = List.of(() -> "a");
            assertThrows(RejectedExecutionException.class, () -> ex.invokeAll(tasks));
            assertThrows(RejectedExecutionException.class, () -> ex.invokeAny(tasks));
            assertNotNull(ex.toString());
        }
    }
}
