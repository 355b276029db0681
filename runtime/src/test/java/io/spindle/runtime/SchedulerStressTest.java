package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.observe.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stress: every fiber runs exactly once, wake-ups are never lost, stealing really happens. */
class SchedulerStressTest {

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    @Timeout(180)
    void givenAMillionFibersSpawnedFromThreadsAndFibers_thenEachRunsExactlyOnce(int carriers) throws Exception {
        int total = StressConfig.scaled(1_000_000);
        int spawnerThreads = 3;
        int spawnerFibers = 3;
        int perSpawner = total / (spawnerThreads + spawnerFibers);
        int n = perSpawner * (spawnerThreads + spawnerFibers);
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        CountDownLatch done = new CountDownLatch(n);
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < spawnerThreads; s++) {
                int base = s * perSpawner;
                Thread t = new Thread(() -> spawnRange(rt, base, perSpawner, runs, done));
                threads.add(t);
                t.start();
            }
            for (int s = spawnerThreads; s < spawnerThreads + spawnerFibers; s++) {
                int base = s * perSpawner;
                rt.spawn(() -> spawnRange(rt, base, perSpawner, runs, done));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(done.await(150, TimeUnit.SECONDS), "not every fiber ran: " + done.getCount() + " left");
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs.get(i), "fiber " + i + " ran " + runs.get(i) + " times");
            }
            awaitQuiescence(rt);
            RuntimeStats st = rt.stats();
            assertEquals(st.spawned(), st.completed() + st.liveFibers(), st::toString);
            assertEquals(0, st.liveFibers(), st::toString);
        }
    }

    private static void spawnRange(Runtime rt, int base, int count, AtomicIntegerArray runs, CountDownLatch done) {
        for (int i = 0; i < count; i++) {
            int id = base + i;
            rt.spawn(() -> {
                runs.incrementAndGet(id);
                done.countDown();
            });
        }
    }

    static void awaitQuiescence(Runtime rt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rt.stats().liveFibers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * Token passing among fibers and plain threads with random yields and sleeps around the
     * park/unpark hand-off: a lost wake-up hangs the ring (caught by the timeout), a spurious
     * double run breaks the count.
     */
    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    @Timeout(120)
    void givenParkUnparkRaces_thenNoWakeUpIsLost(int carriers) throws Exception {
        long seed = StressConfig.seed("parkUnparkRaces carriers=" + carriers);
        int members = 8;
        int hops = StressConfig.scaled(200_000);
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            AtomicLong token = new AtomicLong(); // holder index in the low bits, hop count above
            Strand[] strands = new Strand[members];
            CountDownLatch ready = new CountDownLatch(members);
            CountDownLatch finished = new CountDownLatch(members);
            AtomicLong handled = new AtomicLong();
            for (int m = 0; m < members; m++) {
                int me = m;
                Random rnd = new Random(seed + m);
                Runnable body = () -> {
                    strands[me] = Strand.current();
                    ready.countDown();
                    awaitUninterruptibly(ready);
                    while (true) {
                        long t;
                        while (((t = token.get()) & 0xFF) != me) {
                            Strand.park();
                        }
                        long hop = t >>> 8;
                        if (hop >= hops) {
                            token.set(((hop) << 8) | ((me + 1) % members));
                            strands[(me + 1) % members].unpark();
                            break;
                        }
                        handled.incrementAndGet();
                        if (rnd.nextInt(16) == 0) {
                            Fiber.yieldNow();
                        }
                        token.set(((hop + 1) << 8) | ((me + 1) % members));
                        strands[(me + 1) % members].unpark();
                    }
                    finished.countDown();
                };
                if (m % 4 == 3) {
                    Thread t = new Thread(body, "ring-thread-" + m);
                    t.setDaemon(true);
                    t.start();
                } else {
                    rt.spawn(body);
                }
            }
            assertTrue(finished.await(100, TimeUnit.SECONDS), "ring stalled: lost wake-up? token=" + token.get());
            assertEquals(hops, handled.get());
        }
    }

    private static void awaitUninterruptibly(CountDownLatch l) {
        while (l.getCount() > 0) {
            if (Fiber.current() != null) {
                Fiber.yieldNow();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    @Timeout(60)
    void givenSeveralCarriersAndABurstFromOneFiber_thenStatsShowSteals() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            for (int attempt = 0; attempt < 20 && rt.stats().steals() == 0; attempt++) {
                rt.run(() -> {
                    List<Fiber<Long>> fs = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        fs.add(Fiber.spawn(() -> {
                            long x = 0;
                            for (int k = 0; k < 20_000; k++) {
                                x += k * 31L;
                            }
                            return x;
                        }));
                    }
                    long sum = 0;
                    for (Fiber<Long> f : fs) {
                        sum += f.join();
                    }
                    return sum;
                });
            }
            RuntimeStats st = rt.stats();
            assertTrue(st.steals() > 0 && st.tasksStolen() >= st.steals(), st::toString);
            assertTrue(st.workers().stream().allMatch(w -> w.tasksRun() > 0), st::toString);
        }
    }
}
