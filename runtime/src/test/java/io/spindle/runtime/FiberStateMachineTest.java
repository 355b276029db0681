package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Walks every transition of the fiber state machine (see FiberCore's overview and the table in FiberStates). The
 * transient states (PARKING, TIMED_PARKING, YIELDING) last only until the carrier finishes the
 * unmount; they are walked through and the state they lead to is observed.
 */
@Timeout(60)
class FiberStateMachineTest {

    private static void awaitState(Fiber<?> f, String state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!f.stateName().equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fiber never reached " + state + ", is " + f.stateName());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void newToRunnableToRunningToTerminated() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            // occupy the only carrier so that a started fiber stays RUNNABLE
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch hogRunning = new CountDownLatch(1);
            rt.spawn(() -> {
                hogRunning.countDown();
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(hogRunning.await(10, TimeUnit.SECONDS));
            AtomicReference<String> seenInside = new AtomicReference<>();
            Fiber<String> f = new Fiber<>(rt, (java.util.concurrent.Callable<String>) () -> {
                seenInside.set(Fiber.current().stateName());
                return "done";
            }, "walker", true);
            assertEquals("NEW", f.stateName());                 // NEW
            f.core().start(null); // from the test thread: the injection queue
            assertEquals("RUNNABLE", f.stateName());            // NEW -> RUNNABLE
            release.countDown();
            assertEquals("done", f.join());
            assertEquals("RUNNING", seenInside.get());          // RUNNABLE -> RUNNING
            assertEquals("TERMINATED", f.stateName());          // RUNNING -> TERMINATED
        }
    }

    @Test
    void runningToParkingToParkedToRunnableToRunning() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            AtomicBoolean go = new AtomicBoolean();
            Fiber<String> f = rt.spawn(() -> {
                while (!go.get()) {
                    Strand.park();                              // RUNNING -> PARKING -> PARKED
                }
                return Fiber.current().stateName();             // ... -> RUNNABLE -> RUNNING
            });
            awaitState(f, "PARKED");
            go.set(true);
            f.unpark();                                         // PARKED -> RUNNABLE
            assertEquals("RUNNING", f.join());
        }
    }

    @Test
    void permitArrivingWhileParking_isSeenByTheCarrier() {
        // PARKING -> PARKED -> RUNNABLE by the carrier itself: unpark races with the yield
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            for (int i = 0; i < 2_000; i++) {
                AtomicBoolean go = new AtomicBoolean();
                Fiber<Void> f = rt.spawn(() -> {
                    while (!go.get()) {
                        Strand.park();
                    }
                });
                go.set(true);
                f.unpark();
                f.join();
            }
        }
    }

    @Test
    void runningToTimedParkingToTimedParkedToRunnable_byTimerAndByUnpark() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Void> byTimer = rt.spawn(() -> Strand.parkNanos(Duration.ofMillis(50).toNanos()));
            byTimer.join();                                     // TIMED_PARKED -> RUNNABLE by the timer
            Fiber<Void> byUnpark = rt.spawn(() -> Strand.parkNanos(Duration.ofMinutes(10).toNanos()));
            awaitState(byUnpark, "TIMED_PARKED");               // RUNNING -> TIMED_PARKING -> TIMED_PARKED
            byUnpark.unpark();                                  // TIMED_PARKED -> RUNNABLE by unpark
            byUnpark.join();
        }
    }

    @Test
    void sleepingIgnoresUnparkButKeepsThePermit() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Boolean> f = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(100));
                // the unpark during the sleep left the permit: this park returns at once
                long t0 = System.nanoTime();
                Strand.parkNanos(Duration.ofMinutes(10).toNanos());
                return System.nanoTime() - t0 < Duration.ofMinutes(1).toNanos();
            });
            awaitState(f, "SLEEPING");
            f.unpark();
            assertTrue(f.join());
        }
    }

    @Test
    void runningToYieldingToRunnable() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            String order = rt.run(() -> {
                StringBuilder b = new StringBuilder();
                // spawned from a fiber: both land in this carrier's local queue, a before b
                Fiber<Void> a = Fiber.spawn(() -> {
                    b.append('a');
                    Fiber.yieldNow();                           // RUNNING -> YIELDING -> RUNNABLE
                    b.append('a');
                });
                Fiber<Void> c = Fiber.spawn(() -> {
                    b.append('b');
                });
                a.join();
                c.join();
                return b.toString();
            });
            assertEquals("aba", order);
        }
    }

    @Test
    void parkingToPinnedToRunning_whenTheContinuationIsPinned() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            AtomicBoolean go = new AtomicBoolean();
            Fiber<String> f = rt.spawn(() -> {
                Continuation.pin();
                try {
                    while (!go.get()) {
                        Strand.park();                          // PARKING -> PINNED (yield fails)
                    }
                    return Fiber.current().stateName();         // PINNED -> RUNNING
                } finally {
                    Continuation.unpin();
                }
            });
            awaitState(f, "PINNED");
            // the other carrier still runs fibers while this one is blocked
            assertEquals(5, rt.spawn(() -> 5).join());
            go.set(true);
            f.unpark();
            assertEquals("RUNNING", f.join());
            assertTrue(rt.stats().pinned() >= 1, rt.stats()::toString);
        }
    }

    @Test
    void timedParkingToPinned_timesOut() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Supplier<Long> body = () -> {
                Continuation.pin();
                try {
                    long t0 = System.nanoTime();
                    Strand.parkNanos(Duration.ofMillis(20).toNanos()); // TIMED_PARKING -> PINNED -> RUNNING
                    return System.nanoTime() - t0;
                } finally {
                    Continuation.unpin();
                }
            };
            long waited = rt.spawn(body::get).join();
            assertTrue(waited >= Duration.ofMillis(20).toNanos(), "waited " + waited);
        }
    }

    @Test
    void cancelWakesAParkedFiber_andJoinReportsTheCancellation() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Void> f = rt.spawn(() -> {
                while (true) {
                    Strand.park();
                }
            });
            awaitState(f, "PARKED");
            assertTrue(f.cancel());                             // PARKED -> RUNNABLE, then throws inside
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, f::join);
            assertTrue(e.getCause() instanceof FiberCancelledException, e.toString());
            assertEquals("TERMINATED", f.stateName());
        }
    }
}
