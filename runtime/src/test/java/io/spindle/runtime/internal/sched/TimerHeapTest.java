package io.spindle.runtime.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.spindle.testsupport.Stress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TimerHeap: deadline order, lazy cancellation, compaction when full, and nanoTime wrap-around. */
class TimerHeapTest {

    private static final class Entry extends TimerEntry {
        Entry(long deadline) {
            super(deadline);
        }

        @Override
        protected void fire(Worker worker) {
        }
    }

    @Test
    void pollsInDeadlineOrder_onlyWhatIsDue() {
        long seed = Stress.seed("TimerHeapTest.pollsInDeadlineOrder");
        Random rnd = new Random(seed);
        TimerHeap h = new TimerHeap();
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {               // grows past the initial 64 slots
            Entry e = new Entry(rnd.nextInt(10_000));
            all.add(e);
            h.add(e);
        }
        all.sort(Comparator.comparingLong(TimerEntry::deadline));
        assertEquals(all.get(0).deadline(), h.nextDeadline());
        assertNull(h.pollExpired(all.get(0).deadline() - 1), "nothing due yet");
        long last = Long.MIN_VALUE;
        int n = 0;
        TimerEntry e;
        while ((e = h.pollExpired(Long.MAX_VALUE - 20_000)) != null) {
            assertEquals(true, e.deadline() >= last, "out of order, seed " + seed);
            last = e.deadline();
            n++;
        }
        assertEquals(1000, n);
        assertEquals(0, h.size());
        assertEquals(Long.MAX_VALUE, h.nextDeadline());
    }

    @Test
    void cancelledEntriesAreSkipped_atTheTop() {
        TimerHeap h = new TimerHeap();
        Entry a = new Entry(10);
        Entry b = new Entry(20);
        Entry c = new Entry(30);
        h.add(c);
        h.add(a);
        h.add(b);
        a.cancel();
        assertEquals(20, h.nextDeadline(), "the cancelled top is dropped");
        assertEquals(2, h.size());
        b.cancel();
        assertSame(c, h.pollExpired(100));
        assertNull(h.pollExpired(100));
    }

    @Test
    void aFullHeapDropsItsCancelledEntriesBeforeGrowing() {
        TimerHeap h = new TimerHeap();
        List<Entry> live = new ArrayList<>();
        for (int i = 0; i < 64; i++) {                 // exactly full
            Entry e = new Entry(1000 - i);
            h.add(e);
            if (i % 2 == 0) {
                e.cancel();
            } else {
                live.add(e);
            }
        }
        Entry extra = new Entry(5);
        h.add(extra);                                  // compaction: 32 live + 1
        live.add(extra);
        assertEquals(33, h.size(), "cancelled entries dropped in the compaction");
        live.sort(Comparator.comparingLong(TimerEntry::deadline));
        for (Entry e : live) {
            assertSame(e, h.pollExpired(Long.MAX_VALUE - 2000), "heap order after the rebuild");
        }
        assertEquals(0, h.size());
    }

    @Test
    void deadlinesCompareBySubtraction_acrossTheNanoTimeWrap() {
        TimerHeap h = new TimerHeap();
        long now = Long.MAX_VALUE - 5;                 // System.nanoTime() may be anywhere, even near overflow
        Entry soon = new Entry(now + 1);
        Entry later = new Entry(now + 100);            // wraps to a negative number
        h.add(later);
        h.add(soon);
        assertSame(soon, h.pollExpired(now + 200));
        assertSame(later, h.pollExpired(now + 200));
        assertNull(h.pollExpired(now + 200));
    }
}
