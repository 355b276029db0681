package io.spindle.runtime;

import io.spindle.runtime.observe.RuntimeStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Starvation guards: the runnext streak cap and the cooperative budget. */
@Timeout(60)
class StarvationTest {

    /** Two fibers that hand a turn back and forth forever through runnext. */
    private static void startPingPong(Runtime rt, AtomicBoolean stop, AtomicInteger hops) {
        AtomicInteger turn = new AtomicInteger();
        Strand[] ends = new Strand[2];
        Fiber<Void> a = rt.spawn(() -> {
            ends[0] = Strand.current();
            while (!stop.get()) {
                while (turn.get() != 0 && !stop.get()) {
                    Strand.park();
                }
                turn.set(1);
                hops.incrementAndGet();
                Strand b = ends[1];
                if (b != null) {
                    b.unpark();
                }
            }
        });
        rt.spawn(() -> {
            ends[1] = Strand.current();
            while (!stop.get()) {
                while (turn.get() != 1 && !stop.get()) {
                    Strand.park();
                }
                turn.set(0);
                hops.incrementAndGet();
                a.unpark();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenTwoFibersPingPongingForever_thenAThirdFiberStillRuns(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger hops = new AtomicInteger();
            for (int pair = 0; pair < carriers; pair++) {
                startPingPong(rt, stop, hops);
            }
            while (hops.get() < 10_000) {
                Thread.onSpinWait();
            }
            // spawned from inside the runtime, so it lands behind the ping-pong in a local queue
            int third = rt.run(() -> Fiber.spawn(() -> 42).join());
            assertEquals(42, third);
            stop.set(true);
            RuntimeStats st = rt.stats();
            assertTrue(st.runnextHits() > 0, st::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenAFiberThatNeverParksButCooperates_thenOthersStillRun(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < carriers; i++) {
                rt.spawn(() -> {
                    while (!stop.get()) {
                        Strand.cooperate(); // what every Spindle operation does on its fast path
                    }
                });
            }
            assertEquals(7, rt.run(() -> Fiber.spawn(() -> 7).join()));
            stop.set(true);
        }
    }
}
