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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InjectionQueueTest {
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void givenEmptyQueue_thenPollIsNullAndSizeIsZero() {
        InjectionQueue q = new InjectionQueue(4);
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertNull(q.poll());
    }

    @Test
    void givenOffersAcrossTheRingsWrap_thenPollsAreFifo() {
        InjectionQueue q = new InjectionQueue(4);
        int next = 0;
        int expected = 0;
        Random rnd = new Random(42);
        for (int round = 0; round < 1_000; round++) {
            int k = 1 + rnd.nextInt(4); // never more than the ring holds: no spill
            for (int i = 0; i < k; i++) {
                q.offer(new Task(next++));
            }
            assertEquals(k, q.size());
            assertFalse(q.isEmpty());
            for (int i = 0; i < k; i++) {
                assertEquals(expected++, ((Task) q.poll()).id());
            }
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void givenMoreTasksThanTheRingHolds_thenTheRestSpillsAndNothingIsLostOrReordered() {
        InjectionQueue q = new InjectionQueue(4);
        List<Task> in = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Task t = new Task(i);
            in.add(t);
            q.offer(t);
        }
        assertEquals(10, q.size());
        // ring first (0..3), then the spill (4..9)
        for (Task t : in) {
            assertSame(t, q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
    }

    @Test
    void givenASpillOfSeveralChunksTwice_thenAllComeOutInOrderAndTheQueueEndsEmpty() {
        InjectionQueue q = new InjectionQueue(2);
        int n = 5_000; // ring 2, spill chunks of 1024: five chunks
        for (int round = 0; round < 2; round++) { // the second round reuses the emptied spill
            for (int i = 0; i < n; i++) {
                q.offer(new Task(i));
            }
            assertEquals(n, q.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, ((Task) q.poll()).id());
                if (i == n / 2) {
                    q.offer(new Task(n)); // interleaved: goes behind the spilled ones
                }
            }
            assertEquals(n, ((Task) q.poll()).id());
            assertNull(q.poll());
            assertTrue(q.isEmpty());
            assertEquals(0, q.size());
        }
    }

    @Test
    void givenTasksInTheSpill_thenNewOffersQueueBehindThemNotInTheFreedRing() {
        InjectionQueue q = new InjectionQueue(2);
        for (int i = 0; i < 4; i++) {
            q.offer(new Task(i)); // 0, 1 in the ring; 2, 3 spilled
        }
        assertEquals(0, ((Task) q.poll()).id()); // a ring slot is free now
        q.offer(new Task(4));                    // but the spill is not empty: 4 goes behind 3
        List<Integer> out = new ArrayList<>();
        Runnable r;
        while ((r = q.poll()) != null) {
            out.add(((Task) r).id());
        }
        assertEquals(List.of(1, 2, 3, 4), out);
    }

    @Test
    void givenBadCapacity_thenRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InjectionQueue(3));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InjectionQueue(1));
    }

    /**
     * Three producers and three consumers on a ring of 8 (so the spill is reached constantly).
     * Invariants: every task is taken exactly once and the queue is empty at the end (order across
     * ring and spill is only approximate, so it is not asserted here).
     */
    @Test
    @Timeout(120)
    void givenProducersAndConsumersRacing_thenEveryTaskIsTakenExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        System.out.println("[seed] InjectionQueue race seed=" + seed);
        int perProducer = System.getenv("CI") != null ? 50_000 : 200_000;
        int producers = 3;
        int consumers = 3;
        int n = producers * perProducer;
        InjectionQueue q = new InjectionQueue(8);
        AtomicIntegerArray taken = new AtomicIntegerArray(n);
        AtomicLong consumed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Random rnd = new Random(seed + p);
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perProducer; i++) {
                    q.offer(new Task(base + i));
                    if (rnd.nextInt(64) == 0) {
                        Thread.yield();
                    }
                }
            }, "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(new Thread(() -> {
                await(start);
                while (consumed.get() < n) {
                    Runnable r = q.poll();
                    if (r != null) {
                        taken.incrementAndGet(((Task) r).id());
                        consumed.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "consumer-" + c));
        }
        for (Thread t : threads) {
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, taken.get(i), "task " + i + " taken " + taken.get(i) + " times (seed " + seed + ")");
        }
        assertTrue(q.isEmpty(), "queue not empty at the end (seed " + seed + ")");
        assertEquals(0, q.size());
        assertNull(q.poll());
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
