package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.runtime.Fiber;
import io.spindle.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Reproduction of a runtime bug (channels/RUNTIME-NOTES.md, "stale current fiber after a
 * migration"): a hot fiber loop that calls {@link Fiber#yieldNow()} directly, on 4 carriers, gets
 * "fiber ... unmounted in state RUNNING" and hangs within a few rounds. Off by default; run with
 * {@code -Dspindle.runtimeRepro=true}. With {@code -XX:CompileCommand=dontinline,io.spindle.runtime.Fiber::current}
 * (or with the yield behind TestSupport.yieldNow's barrier) it passes.
 */
@EnabledIfSystemProperty(named = "spindle.runtimeRepro", matches = "true")
class RuntimeMigrationReproTest {

    @Test
    void givenAHotLoopCallingYieldNowOnFourCarriers_whenFibersMigrate_thenNothingIsLostOrHangs() {
        for (int round = 0; round < 30; round++) {
            long n = TestSupport.runIn(4, () -> {
                Channel<Integer> q = Channel.buffered(69);
                Channel<Integer> r = Channel.buffered(69);
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 23; i++) {
                    wg.add(1);
                    int w = i;
                    Fiber.spawn(() -> {
                        for (int v : q) {
                            if (v % 7 == w % 7) {
                                Fiber.yieldNow(); // direct call: inlined, its current-fiber lookup goes stale
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
                long c = 0;
                for (int ignored : r) {
                    c++;
                }
                return c;
            });
            assertEquals(50_000, n);
        }
    }
}
