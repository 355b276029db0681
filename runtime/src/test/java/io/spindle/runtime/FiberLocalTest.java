package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** FiberLocal: one value per fiber (per thread outside fibers), initial values, inheritance, lifetime. */
@Timeout(60)
class FiberLocalTest {

    @Test
    void givenOneCarrier_whenAFiberSetsAValueAndParks_thenAnotherFiberOnThatCarrierNeverSeesIt() {
        FiberLocal<String> local = FiberLocal.withInitial(() -> "initial");
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            AtomicBoolean aSet = new AtomicBoolean();
            AtomicBoolean bDone = new AtomicBoolean();
            AtomicReference<String> seenByB = new AtomicReference<>();
            AtomicReference<String> seenByA = new AtomicReference<>();
            Fiber<?> a = rt.spawn(() -> {
                local.set("A");
                aSet.set(true);
                while (!bDone.get()) {
                    Fiber.yieldNow(); // B runs on the same (only) carrier meanwhile
                }
                seenByA.set(local.get());
            });
            Fiber<?> b = rt.spawn(() -> {
                while (!aSet.get()) {
                    Fiber.yieldNow();
                }
                seenByB.set(local.get());
                local.set("B");
                bDone.set(true);
            });
            a.join();
            b.join();
            assertEquals("initial", seenByB.get());
            assertEquals("A", seenByA.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenManyFibers_whenEachSetsItsOwnValueAndParksOften_thenEachAlwaysReadsItsOwn(int carriers) {
        FiberLocal<Integer> local = new FiberLocal<>();
        int fibers = 200;
        AtomicInteger wrong = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            rt.run(() -> {
                List<Fiber<?>> fs = new ArrayList<>();
                for (int i = 0; i < fibers; i++) {
                    int id = i;
                    fs.add(Fiber.spawn(() -> {
                        assertNull(local.get(), "no value before set");
                        local.set(id);
                        for (int k = 0; k < 40; k++) {
                            if (k % 8 == 0) {
                                Fiber.sleep(Duration.ofMillis(1)); // timer park: may resume on another carrier
                            } else {
                                Fiber.yieldNow();
                            }
                            if (local.get() != id) {
                                wrong.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Fiber<?> f : fs) {
                    f.join();
                }
                return null;
            });
        }
        assertEquals(0, wrong.get(), "reads that returned another fiber's value");
    }

    /**
     * C2 may keep Thread.currentThread() of the carrier across a park inside one compiled method (see
     * docs/embedding.md); FiberLocal must not depend on it. Hot loops on 2 carriers so that the loop
     * is compiled and fibers move between carriers.
     */
    @Test
    void givenCompiledHotLoops_whenFibersMoveBetweenCarriers_thenFiberLocalStaysExact() {
        FiberLocal<Integer> local = new FiberLocal<>();
        int fibers = 32;
        int iterations = StressConfig.scaled(20_000);
        AtomicLong wrong = new AtomicLong();
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.run(() -> {
                List<Fiber<?>> fs = new ArrayList<>();
                for (int i = 0; i < fibers; i++) {
                    int id = i;
                    fs.add(Fiber.spawn(() -> hotLoop(local, id, iterations, wrong)));
                }
                for (Fiber<?> f : fs) {
                    f.join();
                }
                return null;
            });
        }
        assertEquals(0, wrong.get(), "reads that returned another fiber's value");
    }

    private static void hotLoop(FiberLocal<Integer> local, int id, int iterations, AtomicLong wrong) {
        local.set(id);
        for (int k = 0; k < iterations; k++) {
            if (local.get() != id) {
                wrong.incrementAndGet();
            }
            Fiber.yieldNow();
            local.set(id);
        }
    }

    @Test
    void givenAValue_whenRemoved_thenGetComputesTheInitialValueAgain() {
        AtomicInteger supplied = new AtomicInteger();
        FiberLocal<Integer> local = FiberLocal.withInitial(supplied::incrementAndGet);
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            List<Integer> seen = rt.run(() -> {
                List<Integer> out = new ArrayList<>();
                out.add(local.get());   // 1: computed
                out.add(local.get());   // 1: stored
                local.set(42);
                out.add(local.get());   // 42
                local.remove();
                out.add(local.get());   // 2: computed again
                local.set(null);
                out.add(local.get());   // null is a value, not "absent"
                return out;
            });
            assertEquals(java.util.Arrays.asList(1, 1, 42, 2, null), seen);
        }
    }

    @Test
    void givenNoInitialValue_whenRead_thenNullAndASubclassMayOverrideInitialValue() {
        FiberLocal<String> plain = new FiberLocal<>();
        FiberLocal<String> subclass = new FiberLocal<>() {
            @Override
            protected String initialValue() {
                return "from subclass";
            }
        };
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            assertNull(rt.run(plain::get));
            assertEquals("from subclass", rt.run(subclass::get));
        }
        assertNull(plain.get()); // plain thread
        assertEquals("from subclass", subclass.get());
        subclass.remove();
        assertFalse(plain.isInheritable());
        assertThrows(NullPointerException.class, () -> FiberLocal.withInitial(null));
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenInheritableValue_whenAFiberSpawnsChildren_thenChildrenStartWithItAndChangesStaySeparate(int carriers) {
        FiberLocal<String> inherited = FiberLocal.inheritable();
        FiberLocal<String> notInherited = FiberLocal.withInitial(() -> "initial");
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<String> seen = rt.run(() -> {
                inherited.set("parent");
                notInherited.set("parent");
                Fiber<String> viaFiberSpawn = Fiber.spawn(() -> {
                    String mine = inherited.get() + "/" + notInherited.get();
                    inherited.set("child changed it"); // never seen by the parent
                    return mine;
                });
                Fiber<String> viaRuntimeSpawn = rt.spawn(() -> inherited.get());
                Fiber<String> grandchild = Fiber.spawn(() -> Fiber.spawn(() -> inherited.get()).join());
                List<String> out = new ArrayList<>();
                out.add(viaFiberSpawn.join());
                out.add(viaRuntimeSpawn.join());
                out.add(grandchild.join());
                out.add(inherited.get());
                inherited.set("parent later");
                out.add(Fiber.spawn(() -> inherited.get()).join());
                return out;
            });
            assertEquals(List.of("parent/initial", "parent", "parent", "parent", "parent later"), seen);
            assertTrue(inherited.isInheritable());
        }
    }

    @Test
    void givenInheritableWithChildValueFunction_whenSpawned_thenTheChildGetsTheFunctionsResult() {
        FiberLocal<List<String>> trail = FiberLocal.inheritable(List::of, parent -> {
            List<String> copy = new ArrayList<>(parent);
            copy.add("child");
            return List.copyOf(copy);
        });
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            List<String> childTrail = rt.run(() -> {
                trail.set(List.of("root"));
                return Fiber.spawn(trail::get).join();
            });
            assertEquals(List.of("root", "child"), childTrail);
        }
    }

    @Test
    void givenInheritableSetInFiberScope_whenScopeSpawns_thenChildrenInheritIt() {
        FiberLocal<String> ctx = FiberLocal.inheritable();
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            String seen = rt.run(() -> {
                ctx.set("scoped");
                try (FiberScope scope = FiberScope.open()) {
                    Fiber<String> child = scope.spawn(ctx::get);
                    scope.join();
                    return child.join();
                }
            });
            assertEquals("scoped", seen);
        }
    }

    @Test
    void givenPlainThreads_whenTheyUseAFiberLocal_thenEachHasItsOwnValueAndFibersInheritOnlyInheritable()
            throws Exception {
        FiberLocal<String> inherited = FiberLocal.inheritable(() -> "initial");
        FiberLocal<String> plain = FiberLocal.withInitial(() -> "initial");
        inherited.set("main thread");
        plain.set("main thread");
        try {
            AtomicReference<String> otherThread = new AtomicReference<>();
            Thread t = new Thread(() -> {
                otherThread.set(plain.get() + "/" + inherited.get());
                plain.set("other thread");
            });
            t.start();
            t.join();
            assertEquals("initial/initial", otherThread.get(), "a thread sees its own values only");
            assertEquals("main thread", plain.get());
            try (Runtime rt = Runtime.builder().carriers(1).build()) {
                String inFiber = rt.spawn(() -> {
                    String s = inherited.get() + "/" + plain.get();
                    inherited.set("fiber");
                    plain.set("fiber");
                    return s;
                }).join();
                assertEquals("main thread/initial", inFiber, "a thread's inheritable value reaches fibers it spawns");
            }
            assertEquals("main thread", inherited.get(), "a fiber's set never changes the thread's value");
            assertEquals("main thread", plain.get());
        } finally {
            inherited.remove();
            plain.remove();
        }
        assertEquals("initial", plain.get());
        plain.remove();
    }

    @Test
    void givenAFiberThatSetAValue_whenTheFiberEnds_thenTheValueBecomesGarbage() throws Exception {
        FiberLocal<Object> local = new FiberLocal<>();
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            WeakReference<Object> ref = setInAFiberThatEnds(rt, local);
            for (int i = 0; i < 100 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(ref.get(), "the value of an ended fiber is still reachable");
        }
    }

    private static WeakReference<Object> setInAFiberThatEnds(Runtime rt, FiberLocal<Object> local) {
        // the value is created inside the fiber: only the fiber's map references it
        return rt.spawn(() -> {
            Object value = new byte[1024];
            local.set(value);
            Fiber.yieldNow(); // kept across a park too
            return new WeakReference<>(local.get());
        }).join();
    }
}
