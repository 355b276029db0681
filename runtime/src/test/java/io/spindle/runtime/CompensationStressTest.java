package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.testsupport.Stress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stalls, rescue and compensation racing with ordinary scheduling: fibers that block their carrier
 * in Thread.sleep past a tiny threshold (so their worker is marked stalled, its runnext and timers
 * are taken over and extra carriers come and go) mixed with park/unpark ping-pong pairs (which keep
 * runnext busy) and Fiber.sleep (timers on the stalled heaps). End-of-run invariants: every
 * hand-off happened exactly once per side, every fiber ended, no fiber is left parked, and close()
 * leaves no carrier behind.
 */
@Timeout(300)
class CompensationStressTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenBlockingFibersAmongPingPongPairs_thenNothingIsLostDuplicatedOrLeftParked(int carriers) throws Exception {
        long seed = Stress.seed("CompensationStressTest-" + carriers);
        int pairs = 8;
        int rounds = Stress.scaled(2000);
        int blockers = 4;
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runtime rt = Runtime.builder().carriers(carriers).name("comp-stress-" + carriers)
                .stallThreshold(Duration.ofMillis(8)).maxCompensation(4).diagnosticsSink(reports::add).build();
        AtomicLong handoffs = new AtomicLong();
        AtomicLong sleeps = new AtomicLong();
        List<Fiber<?>> all = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            PingPong pp = new PingPong(rounds, handoffs);
            all.add(rt.spawn(() -> pp.play(0)));
            all.add(rt.spawn(() -> pp.play(1)));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < blockers; b++) {
            long s = rnd.nextLong();
            all.add(rt.spawn(() -> {
                SplittableRandom r = new SplittableRandom(s);
                for (int i = 0; i < rounds / 20; i++) {
                    if (r.nextBoolean()) {
                        Thread.sleep(10 + r.nextInt(10)); // blocks the carrier: a stall
                    } else {
                        Fiber.sleep(Duration.ofMillis(1 + r.nextInt(3))); // a timer, maybe on a stalled heap
                        sleeps.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Fiber<?> f : all) {
            f.join();
        }
        assertEquals(2L * pairs * rounds, handoffs.get(), "hand-offs lost or duplicated (seed " + seed + ")");
        assertEquals(0, rt.stats().liveFibers(), rt.stats()::toString);
        assertTrue(rt.stats().stalls() > 0, "the workload never stalled a carrier: " + rt.stats());
        System.out.println("[stats] " + rt.stats().toString().lines().findFirst().orElse("")
                + " rescued=" + rt.stats().rescued());
        rt.close();
        assertEquals(0, CarrierBlockingTest.runtimeThreads(rt), "close() left carriers behind");
    }

    /** Two fibers taking turns through Strand park/unpark: side i runs when turn == i. */
    private static final class PingPong {
        private final int rounds;
        private final AtomicLong handoffs;
        private final Strand[] sides = new Strand[2];
        private volatile int turn;

        PingPong(int rounds, AtomicLong handoffs) {
            this.rounds = rounds;
            this.handoffs = handoffs;
        }

        Void play(int me) {
            sides[me] = Strand.current();
            while (sides[1 - me] == null) {
                Fiber.yieldNow();
            }
            for (int i = 0; i < rounds; i++) {
                while (turn != me) {
                    Strand.park(this);
                }
                handoffs.incrementAndGet();
                turn = 1 - me;
                sides[1 - me].unpark();
            }
            return null;
        }
    }
}
