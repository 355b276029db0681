package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stress: submitters (two fibers and a plain thread) race shutdown() or shutdownNow() of a
 * Runtime.executorService() view. End-of-run invariants: every accepted task's future is done;
 * one that is not cancelled ran to completion exactly once, a cancelled one at most once (it may
 * have been cancelled while running, or as its body returned, as with FutureTask); nothing was
 * accepted after the shutdown was observed; once awaitTermination returned true no task was still
 * running; shutdown() (not Now) cancels nothing.
 */
@Timeout(120)
class ExecutorServiceShutdownRaceTest {

    /** Far more than the at most 200 submits before a shutdown (shutdownAfter < 200). */
    private static final int MAX_PER_SUBMITTER = 5_000;

    static Stream<Integer> oneAndTwo() {
        return Stream.of(1, 2);
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenSubmittersRacingShutdown_thenEveryAcceptedTaskRunsOrIsCancelledAndTerminationWaitsForAll(int carriers)
            throws Exception {
        long seed = StressConfig.seed("ExecutorServiceShutdownRaceTest(" + carriers + ")");
        Random rnd = new Random(seed);
        int rounds = StressConfig.scaled(200);
        try (Runtime rt = Runtime.builder().carriers(carriers).name("race").build()) {
            for (int round = 0; round < rounds; round++) {
                boolean now = rnd.nextBoolean();
                int shutdownAfter = rnd.nextInt(200);
                runRound(rt, now, shutdownAfter, round, seed);
            }
        }
    }

    private static void runRound(Runtime rt, boolean shutdownNow, int shutdownAfter, int round, long seed)
            throws Exception {
        ExecutorService ex = rt.executorService();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger submitted = new AtomicInteger();
        AtomicBoolean shutDown = new AtomicBoolean();
        AtomicInteger acceptedAfterShutdown = new AtomicInteger();
        AtomicBoolean neverRejected = new AtomicBoolean();
        List<List<Future<?>>> perSubmitter = new ArrayList<>();
        List<List<AtomicInteger>> completions = new ArrayList<>();
        List<Runnable> submitters = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Future<?>> mine = new ArrayList<>();
            List<AtomicInteger> myCompletions = new ArrayList<>();
            perSubmitter.add(mine);
            completions.add(myCompletions);
            submitters.add(() -> {
                while (true) {
                    boolean wasShutDown = shutDown.get();
                    AtomicInteger completed = new AtomicInteger();
                    try {
                        Future<?> f = ex.submit(() -> {
                            running.incrementAndGet();
                            try {
                                Fiber.yieldNow();
                                completed.incrementAndGet();
                            } finally {
                                running.decrementAndGet();
                            }
                        });
                        mine.add(f);
                        myCompletions.add(completed);
                        if (wasShutDown) {
                            acceptedAfterShutdown.incrementAndGet();
                        }
                        if (submitted.incrementAndGet() == shutdownAfter) {
                            if (shutdownNow) {
                                ex.shutdownNow();
                            } else {
                                ex.shutdown();
                            }
                            shutDown.set(true); // after shutdown returned: later submits must be rejected
                        }
                    } catch (RejectedExecutionException e) {
                        return;
                    }
                    if (mine.size() > MAX_PER_SUBMITTER) {
                        neverRejected.set(true); // shutdown never took effect: stop instead of looping forever
                        return;
                    }
                    if (mine.size() % 16 == 0) {
                        Fiber.yieldNow(); // let the tasks run (one carrier)
                    }
                }
            });
        }
        if (shutdownAfter == 0) {
            ex.shutdown();
            shutDown.set(true);
        }
        Fiber<Void> a = rt.spawn(submitters.get(0));
        Fiber<Void> b = rt.spawn(submitters.get(1));
        Thread c = new Thread(submitters.get(2));
        c.start();
        a.join();
        b.join();
        c.join();
        assertFalse(neverRejected.get(), "submits were still accepted long after shutdown; round " + round
                + " seed " + seed);
        assertTrue(ex.awaitTermination(60, TimeUnit.SECONDS), "round " + round + " seed " + seed);
        assertTrue(ex.isTerminated());
        assertEquals(0, running.get(), "a task still ran after termination; round " + round + " seed " + seed);
        assertEquals(0, acceptedAfterShutdown.get(), "accepted after shutdown; round " + round + " seed " + seed);
        int cancelled = 0;
        for (int s = 0; s < perSubmitter.size(); s++) {
            for (int i = 0; i < perSubmitter.get(s).size(); i++) {
                Future<?> f = perSubmitter.get(s).get(i);
                int n = completions.get(s).get(i).get();
                assertTrue(f.isDone(), "round " + round + " seed " + seed);
                if (f.isCancelled()) {
                    cancelled++;
                    assertTrue(n <= 1, "a cancelled task ran " + n + " times; round " + round + " seed " + seed);
                } else {
                    assertEquals(1, n, "a task that was not cancelled must have run once; round " + round
                            + " seed " + seed);
                }
            }
        }
        if (!shutdownNow) {
            assertEquals(0, cancelled, "shutdown() lets every accepted task run");
        }
        assertFalse(ex.isShutdown() && !ex.isTerminated());
    }
}
