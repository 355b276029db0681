package io.spindle.runtime.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The local run queue at tiny capacities (Tokio runs its queue at capacity 4 under loom). */
class RunQueueTest {

    private static final class Task implements Runnable {
        final int id;

        Task(int id) {
            this.id = id;
        }

        @Override
        public void run() {
        }
    }

    @Test
    void givenPushes_thenPollIsFifo() {
        RunQueue q = new RunQueue(4);
        Task a = new Task(1);
        Task b = new Task(2);
        q.push(a, r -> { throw new AssertionError("no overflow expected"); });
        q.push(b, r -> { throw new AssertionError("no overflow expected"); });
        assertEquals(2, q.size());
        assertSame(a, q.poll());
        assertSame(b, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void givenAFullQueue_whenPushing_thenHalfPlusTheNewTaskOverflow() {
        RunQueue q = new RunQueue(4);
        List<Runnable> overflow = new ArrayList<>();
        Task[] ts = new Task[5];
        for (int i = 0; i < 5; i++) {
            ts[i] = new Task(i);
            q.push(ts[i], overflow::add);
        }
        assertEquals(List.of(ts[0], ts[1], ts[4]), overflow); // the oldest half, then the new one
        assertSame(ts[2], q.poll());
        assertSame(ts[3], q.poll());
        assertNull(q.poll());
    }

    @Test
    void givenAVictimWithTasks_whenStealing_thenHalfRoundedUpMoves() {
        RunQueue victim = new RunQueue(8);
        RunQueue thief = new RunQueue(8);
        for (int i = 0; i < 5; i++) {
            victim.offer(new Task(i));
        }
        assertEquals(3, victim.stealInto(thief));
        assertEquals(2, victim.size());
        assertEquals(3, thief.size());
        assertEquals(0, ((Task) thief.poll()).id);
        assertEquals(0, new RunQueue(4).stealInto(thief));
    }

    @Test
    void givenBadCapacity_thenIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> new RunQueue(3));
        assertThrows(IllegalArgumentException.class, () -> new RunQueue(1));
    }

    /**
     * One owner pushes and polls, two thieves steal, at capacity 4 so that every path (full,
     * overflow, steal racing with poll) is hit constantly. Invariant: every task is taken exactly
     * once (polled, stolen and then polled by the thief, or overflowed).
     */
    @Test
    @Timeout(60)
    void givenOwnerAndThievesRacing_thenEveryTaskIsTakenExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        System.out.println("[seed] RunQueue race seed=" + seed);
        int n = System.getenv("CI") != null ? 200_000 : 1_000_000;
        AtomicIntegerArray taken = new AtomicIntegerArray(n);
        RunQueue owner = new RunQueue(4);
        ConcurrentLinkedQueue<Runnable> overflow = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> thieves = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thief = new Thread(() -> {
                RunQueue mine = new RunQueue(4);
                while (!done.get() || !owner.isEmpty()) {
                    owner.stealInto(mine);
                    Runnable r;
                    while ((r = mine.poll()) != null) {
                        taken.incrementAndGet(((Task) r).id);
                    }
                }
            });
            thieves.add(thief);
            thief.start();
        }
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            owner.push(new Task(i), overflow::add);
            if (rnd.nextInt(3) == 0) {
                Runnable r = owner.poll();
                if (r != null) {
                    taken.incrementAndGet(((Task) r).id);
                }
            }
        }
        Runnable r;
        while ((r = owner.poll()) != null) {
            taken.incrementAndGet(((Task) r).id);
        }
        done.set(true);
        for (Thread t : thieves) {
            t.join();
        }
        for (Runnable o : overflow) {
            taken.incrementAndGet(((Task) o).id);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, taken.get(i), "task " + i + " taken " + taken.get(i) + " times (seed " + seed + ")");
        }
    }
}
