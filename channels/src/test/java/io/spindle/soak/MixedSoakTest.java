package io.spindle.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.channels.Channel;
import io.spindle.channels.ChannelClosedException;
import io.spindle.channels.Select;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.sync.Mutex;
import io.spindle.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak: a mixed workload (spawn, channels of random capacity, select with timeouts, cancellation of
 * consumers parked in receive, a Mutex-guarded counter, plain-thread producers and consumers) in
 * rounds, on 1, 2 and 8 carriers. After every round: every message received exactly once (none lost
 * to a cancelled receive, none duplicated), the mutex counter exact, no fiber left alive. At the end:
 * live fibers, threads and heap back to their baseline.
 *
 * <p>The short version runs in the normal suite (about 30 s); the 10-minute one is tagged "soak":
 * {@code ./spindle soak} (Maven profile {@code soak}).
 */
class MixedSoakTest {

    @Test
    @Timeout(180)
    void shortSoak() throws Exception {
        long perCarrierSetting = System.getenv("CI") != null ? 7 : 10;
        soak(Duration.ofSeconds(perCarrierSetting));
    }

    @Test
    @Tag("soak")
    @Timeout(900)
    void tenMinuteSoak() throws Exception {
        soak(Duration.ofSeconds(200));
    }

    private static void soak(Duration perCarrierSetting) throws Exception {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] MixedSoakTest seed=" + seed + " (rerun with -Dspindle.seed=" + seed + ")");
        int threadsBefore = Thread.activeCount();
        long heapBefore = usedHeapAfterGc();
        for (int carriers : new int[] {1, 2, 8}) {
            Random rnd = new Random(seed + carriers);
            long rounds = 0;
            long messages = 0;
            try (Runtime rt = Runtime.builder().carriers(carriers).name("soak-" + carriers).build()) {
                long deadline = System.nanoTime() + perCarrierSetting.toNanos();
                while (System.nanoTime() < deadline) {
                    messages += round(rt, rnd);
                    rounds++;
                    awaitNoLiveFibers(rt);
                }
                RuntimeStats st = rt.stats();
                assertEquals(st.spawned(), st.completed(), st::toString);
            }
            System.out.println("[soak] carriers=" + carriers + " rounds=" + rounds + " messages=" + messages);
        }
        // threads and heap back to baseline
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Thread.activeCount() > threadsBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Thread.activeCount() <= threadsBefore + 2,
                "threads: before " + threadsBefore + ", after " + Thread.activeCount());
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < 64L * 1024 * 1024,
                "heap grew from " + heapBefore / 1024 + " KiB to " + heapAfter / 1024 + " KiB");
    }

    /** One round; returns the number of messages delivered. */
    private static long round(Runtime rt, Random rnd) throws Exception {
        int producers = 1 + rnd.nextInt(4);
        int perProducer = 200 + rnd.nextInt(800);
        int total = producers * perProducer;
        int[] capacities = {0, 1, 2, 16, 1024, -1};
        int cap = capacities[rnd.nextInt(capacities.length)];
        Channel<Integer> data = cap < 0 ? Channel.unbounded() : Channel.buffered(cap);
        Channel<Integer> side = Channel.buffered(4);        // a second channel for select
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicLong viaSelect = new AtomicLong();
        AtomicLong lockCancelled = new AtomicLong(); // consumed, then cancelled while taking the mutex
        Mutex mu = new Mutex();
        long[] guarded = {0};
        WaitGroup producersDone = new WaitGroup();
        producersDone.add(producers);

        // producers: fibers, and a plain thread now and then; ids are unique per round
        List<Thread> plainThreads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Runnable produce = () -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        int id = base + i;
                        if (id % 7 == 0) {
                            // select between the two channels, with a timeout clause that retries
                            boolean sent = false;
                            while (!sent) {
                                sent = Select.select(data.onSend(id, () -> true), side.onSend(id, () -> true),
                                        Select.onTimeout(Duration.ofMillis(5), () -> false));
                            }
                        } else {
                            data.send(id);
                        }
                    }
                } finally {
                    producersDone.done();
                }
            };
            if (p == 0 && rnd.nextBoolean()) {
                Thread t = new Thread(produce, "soak-plain-producer");
                plainThreads.add(t);
                t.start();
            } else {
                rt.spawn(produce);
            }
        }
        rt.spawn(() -> {
            producersDone.await();
            data.close();
            side.close();
        });

        // consumers: fibers receiving from both channels with select; some get cancelled mid-wait
        int consumers = 1 + rnd.nextInt(4);
        List<Fiber<Void>> consumerFibers = new ArrayList<>();
        for (int c = 0; c < consumers + 2; c++) {
            consumerFibers.add(rt.spawn(() -> {
                boolean dataOpen = true;
                boolean sideOpen = true;
                while (dataOpen || sideOpen) {
                    Integer id = Select.select(
                            dataOpen ? data.onReceive(v -> v, () -> -1) : null,
                            sideOpen ? side.onReceive(v -> -2 - v, () -> -2 - Integer.MAX_VALUE) : null,
                            Select.onTimeout(Duration.ofMillis(20), () -> null));
                    if (id == null) {
                        continue;
                    }
                    if (id == -1) {
                        dataOpen = false;
                        continue;
                    }
                    if (id == -2 - Integer.MAX_VALUE) {
                        sideOpen = false;
                        continue;
                    }
                    int real = id >= 0 ? id : -2 - id;
                    if (id < 0) {
                        viaSelect.incrementAndGet();
                    }
                    seen.incrementAndGet(real);
                    try {
                        mu.lock(); // a cancellation point: a cancelled consumer may stop right here
                    } catch (FiberCancelledException e) {
                        lockCancelled.incrementAndGet();
                        throw e;
                    }
                    try {
                        guarded[0]++;
                    } finally {
                        mu.unlock();
                    }
                }
            }));
        }
        // a plain-thread consumer on the data channel too
        Thread plainConsumer = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    Integer v = data.receive();
                    seen.incrementAndGet(v);
                    mu.lock();
                    try {
                        guarded[0]++;
                    } finally {
                        mu.unlock();
                    }
                }
            } catch (ChannelClosedException closed) {
                // the round ended first
            }
        }, "soak-plain-consumer");
        plainConsumer.start();
        // cancel two of the consumer fibers while they are (probably) parked in select/receive
        Fiber.sleep(Duration.ofMillis(rnd.nextInt(3)));
        consumerFibers.get(0).cancel();
        consumerFibers.get(1).cancel();

        for (Fiber<Void> f : consumerFibers) {
            try {
                f.join();
            } catch (CompletionException e) {
                assertTrue(e.getCause() instanceof FiberCancelledException, e.toString());
            }
        }
        plainConsumer.join();
        for (Thread t : plainThreads) {
            t.join();
        }
        for (int i = 0; i < total; i++) {
            assertEquals(1, seen.get(i), "message " + i + " seen " + seen.get(i) + " times (cap " + cap + ")");
        }
        mu.lock();
        try {
            assertEquals(total, guarded[0] + lockCancelled.get());
        } finally {
            mu.unlock();
        }
        return total;
    }

    private static void awaitNoLiveFibers(Runtime rt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rt.stats().liveFibers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, rt.stats().liveFibers(), () -> "fibers left alive:\n" + rt.stats());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        java.lang.Runtime r = java.lang.Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return r.totalMemory() - r.freeMemory();
    }
}
