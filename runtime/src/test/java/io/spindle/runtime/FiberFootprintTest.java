package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-fiber footprint (issue 10, item 5): the sizes of the two objects every fiber costs, that
 * the cold side object (FiberCold) is not allocated for a plain fiber, and that the joiner stack,
 * which lives in that side object, works when joiners race the fiber's end. No timing assertions.
 */
@Timeout(120)
class FiberFootprintTest {

    /**
     * Deterministic for a given object layout: with compressed references and 12-byte headers (the
     * defaults on a heap under 32 GB), the core is 96 bytes (88 before issue 10's per-strand waiter cache slot,
     * FiberContinuation.cachedNode, took the last 4 bytes and the padding) and the handle 24. A field
     * added to FiberCore/FiberContinuation (core: 104) or to Fiber (handle: 32) fails this on purpose:
     * it adds 8 bytes to every fiber; measure with the bench's ParkedHistogram and update the bound
     * knowingly.
     */
    @Test
    void givenDefaultLayoutFlags_whenFibersAreParked_thenCoreIs96BytesAndHandle24() throws Exception {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeTrue(hs.getVMOption("UseCompressedOops").getValue().equals("true"), "layout differs without compressed oops");
        assumeTrue(hs.getVMOption("UseCompressedClassPointers").getValue().equals("true"), "layout differs");
        assumeTrue(hs.getVMOption("UseCompactObjectHeaders").getValue().equals("false"), "layout differs with compact headers");
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(rt.spawn((Runnable) Strand::park));
            }
            for (Fiber<Void> f : fs) {
                while (f.state() != Fiber.State.PARKED) {
                    Thread.sleep(1);
                }
            }
            String h = histogram();
            assertEquals(96, instanceSize(h, "io.spindle.runtime.FiberContinuation"), "fiber core (FiberContinuation) bytes");
            assertEquals(24, instanceSize(h, "io.spindle.runtime.Fiber"), "fiber handle (Fiber) bytes");
            fs.forEach(Fiber::unpark);
            for (Fiber<Void> f : fs) {
                f.join();
            }
        }
    }

    /** Unnamed fibers that park and end without joiners never allocate a side object. */
    @Test
    void givenPlainFibers_whenTheyParkAndEnd_thenNoSideObjectIsAllocated() throws Exception {
        int n = 2_000;
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            CountDownLatch parked = new CountDownLatch(n);
            List<Fiber<Void>> fs = new ArrayList<>();
            long before = instances(histogram(), "io.spindle.runtime.internal.fiber.FiberCold");
            for (int i = 0; i < n; i++) {
                fs.add(rt.spawn(() -> {
                    parked.countDown();
                    Strand.park();
                }));
            }
            parked.await();
            for (Fiber<Void> f : fs) {
                while (f.state() != Fiber.State.PARKED) {
                    Thread.sleep(1);
                }
            }
            long during = instances(histogram(), "io.spindle.runtime.internal.fiber.FiberCold");
            // other tests' runtimes may come and go in this JVM: allow a little noise, not one per fiber
            assertTrue(during - before < n / 10, "side objects allocated for plain parked fibers: " + (during - before));
            fs.forEach(Fiber::unpark);
            for (Fiber<Void> f : fs) {
                f.join(); // after termination: the shared ENDED side object, nothing allocated
            }
        }
    }

    /** A name, a failure and a FiberLocal all live in the side object. */
    @Test
    void givenANamedFailingFiberWithLocals_whenJoined_thenNameFailureAndLocalsWork() {
        FiberLocal<String> local = FiberLocal.withInitial(() -> "init");
        AtomicInteger reported = new AtomicInteger();
        // a quiet handler: the failure below is expected
        try (Runtime rt = Runtime.builder().carriers(2).exceptionHandler((f, t) -> reported.incrementAndGet()).build()) {
            Fiber<String> named = rt.spawn("worker-7", () -> {
                local.set("set");
                Fiber.sleep(java.time.Duration.ofMillis(1)); // a timed park: the timer field too
                return local.get() + ":" + Fiber.current().name();
            });
            assertEquals("set:worker-7", named.join());
            assertEquals("worker-7", named.name());
            Fiber<Void> unnamed = rt.spawn(() -> { });
            unnamed.join();
            assertEquals("fiber-" + unnamed.id(), unnamed.name());
            IllegalStateException boom = new IllegalStateException("boom");
            Fiber<Void> failing = rt.spawn(() -> {
                throw boom;
            });
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, failing::join);
            assertSame(boom, e.getCause());
            assertEquals(1, reported.get(), "the failure reached the handler once");
        }
    }

    private static final ScopedValue<String> SV = ScopedValue.newInstance();

    /**
     * A FiberLocal set for the first time in a slice that also yields inside a ScopedValue binding:
     * the unmount saves the bindings into the same map the FiberLocal went into (the side object's
     * map is read after the slice, not before it), so neither is lost.
     */
    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenAFirstFiberLocalAndAScopedValue_whenTheFiberYields_thenBothSurvive(int carriers) {
        FiberLocal<String> local = FiberLocal.withInitial(() -> "init");
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            String seen = rt.spawn(() -> ScopedValue.where(SV, "bound").call(() -> {
                local.set("set");
                Fiber.yieldNow();
                Strand.parkNanos(1_000);
                return local.get() + "/" + SV.get();
            })).join();
            assertEquals("set/bound", seen);
        }
    }

    /**
     * Joiners (fibers, threads, termination hooks) race the end of fibers that park a random number
     * of times: each join returns the fiber's result, each hook runs exactly once, whether the side
     * object was installed by a joiner, by the fiber, or (ENDED) by the termination.
     */
    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenJoinersRacingTermination_whenFibersEnd_thenEveryJoinAndHookCompletesOnce(int carriers) throws Exception {
        long seed = StressConfig.seed("FiberFootprintTest.joinRace carriers=" + carriers);
        Random rnd = new Random(seed);
        int n = StressConfig.scaled(3_000);
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<Fiber<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int v = i;
                int yields = rnd.nextInt(3);
                fs.add(rt.spawn(() -> {
                    for (int k = 0; k < yields; k++) {
                        Fiber.yieldNow();
                    }
                    return v;
                }));
            }
            AtomicInteger hooks = new AtomicInteger();
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (Fiber<Integer> f : fs) {
                futures.add(f.toCompletableFuture().whenComplete((r, t) -> hooks.incrementAndGet()));
            }
            AtomicInteger joinedSum = new AtomicInteger();
            Fiber<Void> fiberJoiner = rt.spawn(() -> {
                for (Fiber<Integer> f : fs) {
                    joinedSum.addAndGet(f.join());
                }
            });
            long threadSum = 0;
            for (Fiber<Integer> f : fs) {
                threadSum += f.join();
            }
            fiberJoiner.join();
            long expected = (long) n * (n - 1) / 2;
            assertEquals(expected, threadSum, "thread joins");
            assertEquals(expected, joinedSum.get(), "fiber joins");
            long futureSum = 0;
            for (CompletableFuture<Integer> cf : futures) {
                futureSum += cf.join();
            }
            assertEquals(expected, futureSum, "futures");
            assertEquals(n, hooks.get(), "hooks run exactly once each");
            assertInstanceOf(Integer.class, fs.get(0).join());
        }
    }

    private static String histogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    /** {instances, bytes} of {@code cls} in a class histogram, or zeros. */
    private static long[] row(String histogram, String cls) {
        for (String line : histogram.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length >= 4 && p[0].endsWith(":") && p[3].equals(cls)) {
                return new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])};
            }
        }
        return new long[2];
    }

    private static long instances(String histogram, String cls) {
        return row(histogram, cls)[0];
    }

    private static long instanceSize(String histogram, String cls) {
        long[] r = row(histogram, cls);
        assertTrue(r[0] > 0, "no live " + cls + " in the histogram");
        return r[1] / r[0];
    }
}
