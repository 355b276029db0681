package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.runtime.Fiber;
import io.spindle.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fibers that keep migrating between 4 carriers (stolen while they park, yield and hand off
 * values) in hot, JIT-compiled loops. Regression test for the stale-carrier bug (C2 commoning
 * {@code Thread.currentThread()} across a yield, see channels/RUNTIME-NOTES.md): before the
 * runtime's fix this failed within a few rounds with "fiber ... unmounted in state RUNNING" and a
 * hang. Invariant: every value passes exactly once per round.
 */
class MigrationStressTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void givenHotLoopsThatYieldAndParkOnFourCarriers_whenFibersMigrate_thenNothingIsLostOrHangs() {
        int rounds = TestSupport.iterations(30);
        for (int round = 0; round < rounds; round++) {
            long sum = TestSupport.runIn(4, () -> {
                Channel<Integer> q = Channel.buffered(69);
                Channel<Integer> r = Channel.buffered(69);
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 23; i++) {
                    wg.add(1);
                    int w = i;
                    Fiber.spawn(() -> {
                        for (int v : q) {
                            if (v % 7 == w % 7) {
                                Fiber.yieldNow();
                            }
                            r.send(v);
                        }
                        wg.done();
                    });
                }
                Fiber.spawn(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        q.send(i);
                    }
                    q.close();
                    wg.await();
                    r.close();
                });
                long s = 0;
                for (int v : r) {
                    s += v;
                }
                return s;
            });
            assertEquals(50_000L * 49_999 / 2, sum, "round " + round);
        }
    }
}
