package io.spindle.runtime.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LocalQueue's runnext policy (time-slice inheritance) and its thief view of runnext, single-threaded. */
class LocalQueueTest {
    private final WorkerCounters counters = new WorkerCounters();
    private final List<Runnable> overflow = new ArrayList<>();
    private final LocalQueue q = new LocalQueue(16, counters, overflow::add);

    @Test
    void givenAnEmptyRing_thenARunnextStreakIsNeverCut() {
        Runnable a = () -> { };
        for (int i = 0; i < 10_000; i++) {
            assertNull(q.setRunnext(a));
            assertSame(a, q.next(), "hit " + i + ": nobody waits in the ring, so nothing to rotate to");
        }
        assertEquals(10_000, counters.runnextHits);
    }

    @Test
    void givenTasksInTheRing_thenTheStreakOutlastsTheOldCountCap_butEndsWhenItsSliceIsOver() {
        Runnable waiting = () -> { };
        Runnable partner = () -> { };
        q.push(waiting);
        int hits = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            q.setRunnext(partner);
            Runnable r = q.next();
            if (r == waiting) {
                break; // rotated: runnext went to the back of the ring, the ring's head ran
            }
            assertSame(partner, r);
            hits++;
            assertTrue(System.nanoTime() - deadline < 0, "the slice never ended after " + hits + " hits");
        }
        assertTrue(hits > LocalQueue.MAX_RUNNEXT_STREAK + LocalQueue.SLICE_CHECK_EVERY - 2,
                "the streak was cut after " + hits + " hits: a count cap, not a time slice");
        assertSame(partner, q.next(), "the rotated runnext is next in the ring");
        assertNull(q.next());
    }

    @Test
    void givenAThief_thenItTakesRunnextOnlyIfItStillHoldsTheTaskItSaw() {
        Runnable a = () -> { };
        Runnable b = () -> { };
        LocalQueue.Thief t = q.thief();
        assertNull(t.peekRunnext());
        q.setRunnext(a);
        assertSame(a, t.peekRunnext());
        assertSame(a, q.setRunnext(b), "the owner displaced a");
        assertFalse(t.takeRunnext(a), "a is no longer there");
        assertTrue(t.takeRunnext(b));
        assertNull(q.next(), "the thief owns b now: the owner must not run it too");
        assertEquals(0, counters.runnextHits);
    }
}
