package io.spindle.runtime.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle's rules (see its overview), one by one, on the workers of a scheduler that is never started
 * (its carriers are unstarted threads: unparking them does nothing), driven from the test thread.
 */
class IdleTest {
    private Idle idle;
    private List<Worker> w;

    @BeforeEach
    void fourWorkers() {
        Scheduler s = new Scheduler(null, "idle-test", 4, 4, true, (t, e) -> { });
        w = s.workers();
        idle = new Idle(4);
    }

    @Test
    void rule1_atMostHalfTheWorkersSearch() {
        assertTrue(idle.tryBecomeSearching());
        assertTrue(idle.tryBecomeSearching());
        assertFalse(idle.tryBecomeSearching(), "a third searcher of 4 workers");
        assertEquals(2, idle.searching());
        idle.stopSearching();
        assertTrue(idle.tryBecomeSearching(), "room again after one stopped");
    }

    @Test
    void rule3_onlyTheLastSearcherToStopIsTold() {
        idle.tryBecomeSearching();
        idle.tryBecomeSearching();
        assertFalse(idle.stopSearching(), "another searcher is still looking");
        assertTrue(idle.stopSearching(), "the last searcher must wake another worker");
        assertEquals(0, idle.searching());
    }

    @Test
    void rule2_aSubmitWakesSomebodyOnlyWhenNobodySearchesAndSomebodySleeps() {
        assertFalse(idle.shouldWake(), "nobody parked");
        assertFalse(idle.notifyOne());
        assertFalse(idle.parkWorker(w.get(3), false));
        assertTrue(idle.shouldWake());
        idle.tryBecomeSearching();
        assertFalse(idle.shouldWake(), "a searcher will find the task");
        assertFalse(idle.notifyOne());
        idle.stopSearching();
        assertTrue(idle.notifyOne(), "nobody searching, one sleeper");
        assertFalse(w.get(3).inSleepers);
        assertEquals(1, idle.searching(), "the woken worker starts out searching");
        assertEquals(4, idle.unparked());
        assertFalse(idle.notifyOne(), "a second submit does not wake a second worker");
    }

    @Test
    void rule2_notifyOneWakesTheLastWorkerToPark() {
        idle.parkWorker(w.get(1), false);
        idle.parkWorker(w.get(2), false);
        assertTrue(idle.notifyOne());
        assertFalse(w.get(2).inSleepers, "LIFO: the most recently parked worker (warm cache) first");
        assertTrue(w.get(1).inSleepers);
    }

    @Test
    void rule4a_parkingCountsTheWorkerOut_andTellsTheLastSearcherToRecheck() {
        idle.tryBecomeSearching();
        idle.tryBecomeSearching();
        assertFalse(idle.parkWorker(w.get(0), true), "another searcher remains: no recheck needed");
        assertTrue(idle.parkWorker(w.get(1), true), "the last searcher parks: it must recheck every queue");
        assertFalse(idle.parkWorker(w.get(2), false), "a non-searcher never rechecks");
        assertEquals(0, idle.searching());
        assertEquals(1, idle.unparked());
        assertTrue(w.get(0).inSleepers && w.get(1).inSleepers && w.get(2).inSleepers);
    }

    @Test
    void unparkWorker_afterNotify_isSearching_afterASelfWakeUp_isNot() {
        idle.parkWorker(w.get(0), false);
        idle.parkWorker(w.get(1), false);
        assertTrue(idle.notifyOne());                       // wakes w1
        assertTrue(idle.unparkWorker(w.get(1)), "woken by notifyOne: counted as searching already");
        assertFalse(w.get(1).notifiedSearching, "the flag is consumed");
        assertFalse(idle.unparkWorker(w.get(0)), "woke by itself (timer): not searching");
        assertFalse(w.get(0).inSleepers);
        assertEquals(4, idle.unparked());
        assertEquals(1, idle.searching());
    }

    @Test
    void notifyAll_wakesEverySleeper() {
        for (Worker x : w) {
            idle.parkWorker(x, false);
        }
        assertEquals(0, idle.unparked());
        idle.notifyAll(w);
        assertEquals(4, idle.unparked());
        for (Worker x : w) {
            assertFalse(x.inSleepers);
            assertSame(false, idle.unparkWorker(x), "not notified as a searcher");
        }
        assertEquals(4, idle.unparked(), "unparkWorker after notifyAll counts nobody twice");
    }

    @Test
    void rule5_aWaitingSearcherIsNudgedOnlyByNotifyOneOrNudge_andOnlyOncePerWait() {
        idle.tryBecomeSearching();
        assertTrue(idle.beginSearchWait(w.get(0)), "the first waiting searcher registers");
        assertFalse(idle.beginSearchWait(w.get(1)), "one registration at a time");
        assertFalse(idle.notifyOne(), "a searcher exists: rule 2 wakes nobody");
        assertFalse(idle.endSearchWait(w.get(0)), "notifyOne (a displaced runnext) does not nudge");

        assertTrue(idle.beginSearchWait(w.get(0)));
        assertFalse(idle.notifyOneOrNudge(), "nudging is not waking a parked worker");
        assertTrue(idle.beginSearchWait(w.get(1)), "the nudge took the registration");
        assertTrue(idle.endSearchWait(w.get(0)), "w0 learns it was nudged");
        assertFalse(idle.endSearchWait(w.get(1)), "w1 was not");
        assertEquals(1, idle.searching(), "a waiting searcher still counts as searching");
        assertEquals(4, idle.unparked());
    }

    @Test
    void rule5_theWindowIsTunable_andRejectsNonsense() {
        idle.tuneSearch(0, 1);
        assertEquals(0, idle.searchWindowNanos());
        idle.tuneSearch(5_000, 1_000);
        assertEquals(5_000, idle.searchWindowNanos());
        assertEquals(1_000, idle.searchWaitNanos());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> idle.tuneSearch(-1, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> idle.tuneSearch(1, 0));
    }
}
