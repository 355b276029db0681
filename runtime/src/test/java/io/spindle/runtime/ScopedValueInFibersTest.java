package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ScopedValue inside fibers (JDK 25, final API). A binding lives in a field of the current Thread,
 * which for a raw continuation is the carrier: the runtime saves and restores it at every unmount
 * and mount, so a binding made in a fiber stays with that fiber (see docs/embedding.md for what
 * happens without it: bindings leak to other fibers and stale ones stay on the carrier).
 */
@Timeout(60)
class ScopedValueInFibersTest {
    private static final ScopedValue<String> NAME = ScopedValue.newInstance();

    private static String read() {
        return NAME.isBound() ? NAME.get() : "<unbound>";
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenABindingInsideAFiber_whenItParksAndMoves_thenItKeepsSeeingItsOwnValue(int carriers) {
        AtomicInteger wrong = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            rt.run(() -> {
                List<Fiber<?>> fs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String mine = "f" + i;
                    fs.add(Fiber.spawn(() -> ScopedValue.where(NAME, mine).run(() -> {
                        for (int k = 0; k < 20; k++) {
                            if (k % 5 == 0) {
                                Fiber.sleep(Duration.ofMillis(1));
                            } else {
                                Fiber.yieldNow();
                            }
                            if (!mine.equals(read())) {
                                wrong.incrementAndGet();
                            }
                        }
                    })));
                }
                for (Fiber<?> f : fs) {
                    f.join();
                }
                return null;
            });
        }
        assertEquals(0, wrong.get(), "reads that saw another fiber's binding (or none)");
    }

    @Test
    void givenAFiberParkedInsideABinding_whenAnotherFiberRunsOnTheSameCarrier_thenItIsUnbound() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            AtomicBoolean inside = new AtomicBoolean();
            AtomicBoolean release = new AtomicBoolean();
            AtomicReference<String> aAfter = new AtomicReference<>();
            Fiber<?> a = rt.spawn(() -> ScopedValue.where(NAME, "A").run(() -> {
                inside.set(true);
                while (!release.get()) {
                    Fiber.yieldNow();
                }
                aAfter.set(read());
            }));
            String seenByB = rt.spawn(() -> {
                while (!inside.get()) {
                    Fiber.yieldNow();
                }
                return read();
            }).join();
            release.set(true);
            a.join();
            assertEquals("<unbound>", seenByB);
            assertEquals("A", aAfter.get());
            assertEquals("<unbound>", rt.spawn(ScopedValueInFibersTest::read).join(), "nothing left on the carrier");
        }
    }

    @Test
    void givenNestedBindingsAroundParks_whenTheInnerEnds_thenTheOuterValueIsBack() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            String result = rt.run(() -> ScopedValue.where(NAME, "outer").call(() -> {
                String inner = ScopedValue.where(NAME, "inner").call(() -> {
                    Fiber.sleep(Duration.ofMillis(2));
                    return read();
                });
                Fiber.sleep(Duration.ofMillis(2));
                return inner + "/" + read();
            }));
            assertEquals("inner/outer", result);
        }
    }

    @Test
    void givenABindingOnTheSpawningStrand_whenAFiberStarts_thenItStartsUnboundLikeANewThread() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            String fromThread = ScopedValue.where(NAME, "thread").call(() -> rt.spawn(ScopedValueInFibersTest::read).join());
            assertEquals("<unbound>", fromThread);
            String fromFiber = rt.run(() -> ScopedValue.where(NAME, "parent").call(
                    () -> Fiber.spawn(ScopedValueInFibersTest::read).join()));
            assertEquals("<unbound>", fromFiber);
            assertFalse(NAME.isBound(), "the test thread's own binding ended");
        }
    }

    @Test
    void givenAThreadBlockedInRunInsideABinding_whenRunReturns_thenItsBindingIsIntact() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            String after = ScopedValue.where(NAME, "caller").call(() -> {
                rt.run(() -> ScopedValue.where(NAME, "fiber").call(() -> {
                    Fiber.yieldNow();
                    return read();
                }));
                return read();
            });
            assertEquals("caller", after);
            assertTrue(CarrierContext.scopedValuesSupported());
        }
    }
}
