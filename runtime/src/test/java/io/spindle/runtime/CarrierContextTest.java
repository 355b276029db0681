package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * CarrierContext: a registered ThreadLocal is taken off the carrier when a fiber unmounts and put
 * back when it mounts. (Registrations are JVM-wide: every test closes its own.)
 *
 * <p>These tests read the ThreadLocal in short methods that park at most once between two reads of
 * it, so C2 cannot keep one carrier's Thread object across a park (see docs/embedding.md: the JIT
 * caveat, which CarrierContext cannot remove; the MDC sample's test runs with the flag that does).
 */
@Timeout(60)
class CarrierContextTest {

    /** Two fibers on one carrier; A sets the ThreadLocal and yields to B, which reads it. */
    private static String[] interleave(Runtime rt, ThreadLocal<String> tl) {
        AtomicBoolean aSet = new AtomicBoolean();
        AtomicBoolean bDone = new AtomicBoolean();
        AtomicReference<String> seenByB = new AtomicReference<>();
        AtomicReference<String> seenByA = new AtomicReference<>();
        Fiber<?> a = rt.spawn(() -> {
            tl.set("A");
            aSet.set(true);
            while (!bDone.get()) {
                Fiber.yieldNow();
            }
            seenByA.set(tl.get());
            tl.remove();
        });
        Fiber<?> b = rt.spawn(() -> {
            while (!aSet.get()) {
                Fiber.yieldNow();
            }
            seenByB.set(tl.get());
            bDone.set(true);
        });
        a.join();
        b.join();
        return new String[] {seenByA.get(), seenByB.get()};
    }

    @Test
    void givenNoRegistration_whenTwoFibersShareACarrier_thenTheySeeEachOthersThreadLocal() {
        // the problem: inside fibers a ThreadLocal is the carrier's
        ThreadLocal<String> tl = new ThreadLocal<>();
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            String[] seen = interleave(rt, tl);
            assertEquals("A", seen[1], "without registration B sees A's value on the shared carrier");
        }
    }

    @Test
    void givenARegisteredThreadLocal_whenTwoFibersShareACarrier_thenEachSeesOnlyItsOwn() {
        ThreadLocal<String> tl = new ThreadLocal<>();
        try (CarrierContext ctx = CarrierContext.register(tl); Runtime rt = Runtime.builder().carriers(1).build()) {
            assertTrue(ctx.isRegistered());
            String[] seen = interleave(rt, tl);
            assertEquals("A", seen[0], "A's value came back after its parks");
            assertNull(seen[1], "B never sees A's value");
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenARegisteredThreadLocal_whenManyFibersParkAndMove_thenEachReadsItsOwnAfterEveryPark(int carriers) {
        ThreadLocal<Integer> tl = new ThreadLocal<>();
        AtomicInteger wrong = new AtomicInteger();
        try (CarrierContext ctx = CarrierContext.register(tl);
             Runtime rt = Runtime.builder().carriers(carriers).build()) {
            rt.run(() -> {
                List<Fiber<?>> fs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int id = i;
                    fs.add(Fiber.spawn(() -> {
                        tl.set(id);
                        for (int k = 0; k < 20; k++) {
                            parkThenCheck(tl, id, k, wrong);
                        }
                        tl.remove();
                    }));
                    if (i % 10 == 0) {
                        fs.add(Fiber.spawn(() -> { // sets nothing: must never see a value
                            for (int k = 0; k < 20; k++) {
                                Fiber.yieldNow();
                                if (tl.get() != null) {
                                    wrong.incrementAndGet();
                                }
                            }
                        }));
                    }
                }
                for (Fiber<?> f : fs) {
                    f.join();
                }
                return null;
            });
        }
        assertEquals(0, wrong.get(), "ThreadLocal reads that showed another fiber's value");
    }

    private static void parkThenCheck(ThreadLocal<Integer> tl, int id, int k, AtomicInteger wrong) {
        if (k % 5 == 0) {
            Fiber.sleep(Duration.ofMillis(1));
        } else {
            Fiber.yieldNow();
        }
        Integer v = tl.get();
        if (v == null || v != id) {
            wrong.incrementAndGet();
        }
    }

    @Test
    void givenAFiberThatEndsWithoutRemoving_whenTheNextFiberRunsOnThatCarrier_thenItSeesNothing() {
        ThreadLocal<String> tl = new ThreadLocal<>();
        try (CarrierContext ctx = CarrierContext.register(tl); Runtime rt = Runtime.builder().carriers(1).build()) {
            rt.spawn(() -> tl.set("left behind")).join();
            assertNull(rt.spawn(tl::get).join());
        }
    }

    @Test
    void givenTheGeneralForm_whenAFiberParks_thenCaptureClearAndRestoreRunAroundEachPark() {
        ThreadLocal<String> state = new ThreadLocal<>();
        AtomicInteger captures = new AtomicInteger();
        AtomicInteger clears = new AtomicInteger();
        AtomicInteger restores = new AtomicInteger();
        try (CarrierContext ctx = CarrierContext.register("test-context",
                () -> {
                    captures.incrementAndGet();
                    return state.get();
                },
                () -> {
                    clears.incrementAndGet();
                    state.remove();
                },
                (String saved) -> {
                    restores.incrementAndGet();
                    state.set(saved);
                });
             Runtime rt = Runtime.builder().carriers(1).build()) {
            assertTrue(CarrierContext.registeredNames().contains("test-context"));
            String seen = rt.spawn(() -> {
                state.set("mine");
                Fiber.yieldNow();   // unmount: capture + clear; mount: restore
                Fiber.yieldNow();
                return state.get();
            }).join();
            assertEquals("mine", seen);
            assertEquals(2, restores.get(), "one restore per mount after a park");
            assertEquals(3, clears.get(), "two parks and the end");
            assertTrue(captures.get() >= 3);
            ctx.close();
            assertFalse(ctx.isRegistered());
            assertFalse(CarrierContext.registeredNames().contains("test-context"));
            int before = captures.get();
            rt.spawn((Runnable) Fiber::yieldNow).join();
            assertEquals(before, captures.get(), "a closed registration is not called any more");
            ctx.close(); // harmless
        }
    }

    @Test
    void givenAFailingCallback_whenFibersPark_thenTheyKeepRunningAndItIsReportedOnce() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (CarrierContext ctx = CarrierContext.register("broken",
                () -> "something", () -> {
                    throw new IllegalStateException("clear fails");
                }, s -> { });
             Runtime rt = Runtime.builder().carriers(1).build()) {
            int done = rt.run(() -> {
                List<Fiber<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int id = i;
                    fs.add(Fiber.spawn(() -> {
                        Fiber.yieldNow();
                        return id;
                    }));
                }
                int n = 0;
                for (Fiber<Integer> f : fs) {
                    f.join();
                    n++;
                }
                return n;
            });
            assertEquals(10, done);
        } finally {
            System.setErr(original);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("carrier context 'broken' failed", -1).length - 1, out);
    }

    @Test
    void givenTheTestJvmFlags_thenScopedValuesAreKeptPerFiber() {
        // surefire runs with --add-opens java.base/java.lang=ALL-UNNAMED (pom.xml: spindle.jvm.flags)
        assertTrue(CarrierContext.scopedValuesSupported());
    }
}
