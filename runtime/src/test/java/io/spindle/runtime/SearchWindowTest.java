package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.runtime.internal.sched.CarrierThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The searching window (docs/scheduler.md, Idle rule 5): a worker that finds nothing stays a
 * searcher for a while, rescanning after timed waits, before it parks its carrier. The counters say
 * what happened (carrier parks and unparks are the park protocol's; search waits and nudges the
 * window's), so nothing here depends on timing: a long window makes "during the window" certain,
 * and a short one, waited for until quiescence, makes "after the window" certain.
 */
@Timeout(60)
class SearchWindowTest {
    private static final long LONG_WINDOW = TimeUnit.MINUTES.toNanos(10);
    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void givenASearcherInItsWindow_whenATaskArrivesFromOutside_thenItRunsWithoutACarrierUnpark() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            rt.scheduler().tuneSearch(LONG_WINDOW, WAIT);
            rt.run(() -> 0); // the worker's next window is a long one, whatever it did before the tuning
            awaitSearching(rt, 1);
            RuntimeStats before = rt.stats();

            assertEquals(42, rt.spawn(() -> 42).join());

            RuntimeStats after = rt.stats();
            assertEquals(before.carrierParks(), after.carrierParks(), after::toString);
            assertEquals(before.carrierUnparks(), after.carrierUnparks(), after::toString);
            assertTrue(after.tasksRun() > before.tasksRun(), after::toString);
            assertTrue(after.searchWaits() > 0, "the worker never waited in its window:\n" + after);
            assertEquals(0, after.parkedWorkers(), after::toString);
        }
    }

    /**
     * The fanin case: a fiber wakes two parked fibers from a carrier it then keeps busy; the second
     * wake-up displaces the first from runnext into the local queue. The other carrier, a searcher
     * in its window, steals it at its next rescan: no carrier unpark and no nudge (a displaced task
     * never pays a futex wake on the busy carrier's path).
     */
    @Test
    void givenASearcherInItsWindow_whenAWakeUpDisplacesRunnext_thenTheSearcherRunsItWithoutAnyUnpark() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.scheduler().tuneSearch(LONG_WINDOW, WAIT);
            AtomicBoolean goFirst = new AtomicBoolean();
            AtomicBoolean goSecond = new AtomicBoolean();
            AtomicReference<Thread> firstRanOn = new AtomicReference<>();
            Fiber<Void> first = rt.spawn(() -> parkUntil(goFirst, firstRanOn));
            Fiber<Void> second = rt.spawn(() -> parkUntil(goSecond, new AtomicReference<>()));
            Quiescence.awaitParked(first);
            Quiescence.awaitParked(second);

            Object[] result = rt.run(() -> {
                Thread busy = CarrierThread.current();
                awaitOtherCarrierWaitingInItsWindow(rt); // this carrier runs, so the searcher is the other
                RuntimeStats before = rt.stats();
                goFirst.set(true);
                first.unpark();                        // into this carrier's runnext
                goSecond.set(true);
                second.unpark();                       // displaces `first` into the local queue
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (firstRanOn.get() == null) {     // keep this carrier busy: no park, no yield
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the displaced fiber never ran:\n" + rt.stats());
                    }
                    Thread.onSpinWait();
                }
                return new Object[] {busy, before, rt.stats()};
            });
            first.join();
            second.join();

            RuntimeStats before = (RuntimeStats) result[1];
            RuntimeStats after = (RuntimeStats) result[2];
            assertNotSame(result[0], firstRanOn.get(), "the displaced fiber ran on the busy carrier");
            assertEquals(before.carrierUnparks(), after.carrierUnparks(), after::toString);
            assertEquals(before.searchNudges(), after.searchNudges(), after::toString);
            assertTrue(after.steals() > before.steals(), after::toString);
        }
    }

    @Test
    void givenAShortWindow_whenTheRuntimeIdles_thenTheCarriersParkAfterWaitingInIt() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.scheduler().tuneSearch(TimeUnit.MILLISECONDS.toNanos(5), WAIT);
            for (int i = 0; i < 3; i++) {
                assertEquals(7, rt.run(() -> Fiber.spawn(() -> 7).join()));
                RuntimeStats s = Quiescence.await(rt, 0); // fails after 10 s: the window never ended
                assertEquals(2, s.parkedWorkers(), s::toString);
                assertEquals(0, s.searching(), s::toString);
                assertTrue(s.searchWaits() > 0, "no worker waited in its window before parking:\n" + s);
                assertTrue(s.carrierParks() > 0, s::toString);
            }
        }
    }

    @Test
    void givenNoWindow_whenTheRuntimeIdles_thenNoWorkerWaitsBeforeParking() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.scheduler().tuneSearch(0, WAIT);
            RuntimeStats before = Quiescence.await(rt, 0); // windows opened before the tuning end first
            assertEquals(7, rt.run(() -> Fiber.spawn(() -> 7).join()));
            RuntimeStats after = Quiescence.await(rt, 0);
            assertEquals(before.searchWaits(), after.searchWaits(), after::toString);
        }
    }

    private static void parkUntil(AtomicBoolean go, AtomicReference<Thread> ranOn) {
        while (!go.get()) {
            Strand.park(); // may return spuriously: the flag decides
        }
        ranOn.set(CarrierThread.current()); // the carrier it resumed on (not Thread.currentThread())
    }

    private static void awaitSearching(Runtime rt, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rt.stats().searching() != n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + n + " searcher(s):\n" + rt.stats());
            }
            Thread.sleep(1);
        }
    }

    /**
     * From a fiber that keeps its carrier busy: waits until the other carrier searches, then until it
     * has begun two more timed waits, so that whatever woke or nudged it before (its counters are
     * bumped when it wakes) is counted before the caller takes its "before" snapshot.
     */
    private static void awaitOtherCarrierWaitingInItsWindow(Runtime rt) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rt.scheduler().searchingWorkers() != 1) {
            failAfter(deadline, rt);
            Thread.onSpinWait();
        }
        long waits = rt.stats().searchWaits();
        while (rt.stats().searchWaits() < waits + 2) {
            failAfter(deadline, rt);
            Thread.onSpinWait();
        }
    }

    private static void failAfter(long deadline, Runtime rt) {
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("the other carrier never waited in its window:\n" + rt.stats());
        }
    }

    /**
     * Runnext is stealable after a grace (Go's runqgrab): a fiber woken by a fiber that then keeps
     * its carrier busy runs on the other carrier instead of waiting behind it.
     */
    @Test
    void givenAFiberWokenBehindAHog_thenItRunsOnTheOtherCarrier() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.scheduler().tuneSearch(LONG_WINDOW, WAIT);
            AtomicBoolean go = new AtomicBoolean();
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            Fiber<Void> woken = rt.spawn(() -> parkUntil(go, ranOn));
            Quiescence.awaitParked(woken);

            Object[] result = rt.run(() -> {
                Thread hog = CarrierThread.current();
                awaitOtherCarrierWaitingInItsWindow(rt);
                RuntimeStats before = rt.stats();
                go.set(true);
                woken.unpark();                        // into this carrier's runnext; nothing displaced
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ranOn.get() == null) {          // hog the carrier: no park, no yield
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the woken fiber waited behind the hog:\n" + rt.stats());
                    }
                    Thread.onSpinWait();
                }
                return new Object[] {hog, before, rt.stats()};
            });
            woken.join();

            RuntimeStats before = (RuntimeStats) result[1];
            RuntimeStats after = (RuntimeStats) result[2];
            assertNotSame(result[0], ranOn.get(), "the woken fiber ran on the hog's carrier");
            assertEquals(before.runnextSteals() + 1, after.runnextSteals(), after::toString);
        }
    }
}
