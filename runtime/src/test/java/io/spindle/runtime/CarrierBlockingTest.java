package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fiber that blocks its carrier outside Spindle (a contended monitor, Thread.sleep, Object.wait)
 * is reported once per site and compensated, so the other fibers, the monitor's owner included,
 * keep running; a fiber that only parks through Spindle is never compensated.
 *
 * <p>No timing assertions: "the other fiber ran while the carrier was blocked" is checked by
 * ordering (the blocked fiber waits until the other one says it ran, with a generous cap).
 */
@Timeout(120)
class CarrierBlockingTest {
    /** Short so that the tests run quickly; the default is documented in docs/embedding.md. */
    private static final Duration THRESHOLD = Duration.ofMillis(50);
    /** A cap on blocking loops that must end earlier, so that a broken runtime fails instead of hanging. */
    private static final long CAP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static Runtime runtime(int carriers, List<String> reports) {
        return Runtime.builder().carriers(carriers).stallThreshold(THRESHOLD).diagnosticsSink(reports::add).build();
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenAFiberParkedInsideSynchronized_whenAnotherFiberEntersTheMonitor_thenBothCompleteAndItIsReported(int carriers) {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = runtime(carriers, reports)) {
            Object lock = new Object();
            List<String> order = new CopyOnWriteArrayList<>();
            String result = rt.run(() -> {
                Fiber<Void> owner = Fiber.spawn(() -> {
                    synchronized (lock) {
                        Fiber<Void> contender = Fiber.spawn(() -> enterMonitor(lock, order));
                        // wait (parked, holding the monitor) until the contender is blocked in monitorenter
                        long deadline = System.nanoTime() + CAP_NANOS;
                        while (contender.state() != Fiber.State.RUNNING && System.nanoTime() < deadline) {
                            Fiber.sleep(Duration.ofMillis(5));
                        }
                        Fiber.sleep(THRESHOLD.multipliedBy(3)); // long enough to be seen as a stall
                        order.add("owner leaves");
                    }
                });
                owner.join();
                while (order.size() < 2) {
                    Fiber.sleep(Duration.ofMillis(5));
                }
                return String.join(",", order);
            });
            assertEquals("owner leaves,contender entered", result);
            String r = onlyReportContaining(reports, "enterMonitor");
            assertTrue(r.contains("monitor"), r);
            assertTrue(rt.stats().stalls() >= 1, rt.stats()::toString);
        }
    }

    static void enterMonitor(Object lock, List<String> order) {
        synchronized (lock) {
            order.add("contender entered");
        }
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenAFiberInThreadSleep_thenASleepingFiberStillWakesAndItIsReportedAndCompensated(int carriers) {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = runtime(carriers, reports)) {
            AtomicBoolean sleeperDone = new AtomicBoolean();
            // occupy every carrier with a Thread.sleep loop that ends only when the sleeper has run
            Fiber<?>[] blockers = new Fiber<?>[carriers];
            Fiber<Void> sleeper = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(10));
                sleeperDone.set(true);
            });
            for (int i = 0; i < carriers; i++) {
                blockers[i] = rt.spawn(() -> sleepThreadUntil(sleeperDone));
            }
            sleeper.join();
            for (Fiber<?> b : blockers) {
                assertEquals(Boolean.TRUE, b.join(), "a blocker gave up before the sleeper ran");
            }
            String r = onlyReportContaining(reports, "sleepThreadUntil");
            assertTrue(r.contains("Thread.sleep"), r);
            assertTrue(rt.stats().compensations() >= 1, rt.stats()::toString);
        }
    }

    /** Blocks the carrier in Thread.sleep until {@code done}; true if done was seen before the cap. */
    static boolean sleepThreadUntil(AtomicBoolean done) throws InterruptedException {
        long deadline = System.nanoTime() + CAP_NANOS;
        while (!done.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void givenAFiberInObjectWait_thenOtherFibersRunAndItIsReported() {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = runtime(1, reports)) {
            Object monitor = new Object();
            AtomicBoolean otherRan = new AtomicBoolean();
            Fiber<Boolean> waiter = rt.spawn(() -> waitOnMonitorUntil(monitor, otherRan));
            Fiber<Void> other = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(10));
                otherRan.set(true);
            });
            other.join();
            assertEquals(Boolean.TRUE, waiter.join());
            String r = onlyReportContaining(reports, "waitOnMonitorUntil");
            assertTrue(r.contains("Object.wait"), r);
        }
    }

    static boolean waitOnMonitorUntil(Object monitor, AtomicBoolean done) throws InterruptedException {
        long deadline = System.nanoTime() + CAP_NANOS;
        synchronized (monitor) {
            while (!done.get()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                monitor.wait(20);
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenFibersThatOnlyParkThroughSpindle_thenNothingIsCompensatedOrReported(int carriers) throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = runtime(carriers, reports)) {
            int threadsBefore = runtimeThreads(rt);
            rt.run(() -> {
                // long Spindle parks (many thresholds), joins, timed parks and a park/unpark pair
                Fiber<Void> sleeper = Fiber.spawn(() -> Fiber.sleep(THRESHOLD.multipliedBy(6)));
                Strand[] parked = new Strand[1];
                Fiber<Void> parker = Fiber.spawn(() -> {
                    parked[0] = Strand.current();
                    Strand.parkNanos(THRESHOLD.multipliedBy(6).toNanos());
                });
                Fiber<Integer> blocking = Fiber.spawn(() -> Fiber.blocking(() -> {
                    Thread.sleep(THRESHOLD.multipliedBy(6).toMillis()); // offloaded: not on a carrier
                    return 1;
                }));
                sleeper.join();
                parker.join();
                return blocking.join();
            });
            assertEquals(0, rt.stats().compensations(), rt.stats()::toString);
            assertEquals(0, rt.stats().stalls(), rt.stats()::toString);
            assertEquals(List.of(), reports);
            assertTrue(runtimeThreads(rt) <= threadsBefore, "extra carrier threads appeared");
        }
    }

    /** Live carrier threads of {@code rt} (the runtime's own carriers and any compensating ones). */
    static int runtimeThreads(Runtime rt) {
        String prefix = rt.name() + "-carrier";
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    /** Exactly one report mentions {@code site} (reports are once per site), and it is returned. */
    static String onlyReportContaining(List<String> reports, String site) {
        List<String> matching = reports.stream().filter(r -> r.contains(site)).toList();
        assertEquals(1, matching.size(), () -> "reports for " + site + ": " + reports);
        return matching.get(0);
    }
}
