package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fiber.state(): the public view of the internal states (see Fiber.State's javadoc for the map),
 * observed from outside at each stable state and from inside while running.
 */
@Timeout(60)
class FiberPublicStateTest {

    private static void awaitState(Fiber<?> f, Fiber.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (f.state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fiber never reached " + state + ", is " + f.state() + " (" + f.stateName() + ")");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void newRunnableRunningTerminated() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch hogRunning = new CountDownLatch(1);
            rt.spawn(() -> {                                  // holds the only carrier
                hogRunning.countDown();
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(hogRunning.await(10, TimeUnit.SECONDS));
            AtomicReference<Fiber.State> inside = new AtomicReference<>();
            Fiber<Void> f = new Fiber<>(rt, (Runnable) () -> inside.set(Fiber.current().state()), "s", true);
            assertEquals(Fiber.State.NEW, f.state());
            f.core().start(null);
            assertEquals(Fiber.State.RUNNABLE, f.state());
            release.countDown();
            f.join();
            assertEquals(Fiber.State.RUNNING, inside.get());
            assertEquals(Fiber.State.TERMINATED, f.state());
        }
    }

    @Test
    void parkedTimedParkedAndSleepingAreAllParked() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            AtomicBoolean go = new AtomicBoolean();
            Fiber<Void> untimed = rt.spawn(() -> {
                while (!go.get()) {
                    Strand.park();
                }
            });
            Fiber<Void> timed = rt.spawn(() -> {
                while (!go.get()) {
                    Strand.parkNanos(Duration.ofMinutes(10).toNanos());
                }
            });
            Fiber<Void> sleeping = rt.spawn(() -> Fiber.sleep(Duration.ofMinutes(10)));
            awaitState(untimed, Fiber.State.PARKED);
            awaitState(timed, Fiber.State.PARKED);
            awaitState(sleeping, Fiber.State.PARKED);
            assertEquals("PARKED", untimed.stateName());
            assertEquals("TIMED_PARKED", timed.stateName());
            assertEquals("SLEEPING", sleeping.stateName());
            go.set(true);
            untimed.unpark();
            timed.unpark();
            sleeping.cancel();
            untimed.join();
            timed.join();
            awaitState(sleeping, Fiber.State.TERMINATED);
        }
    }

    @Test
    void pinnedIsPinned() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            AtomicBoolean go = new AtomicBoolean();
            Fiber<Fiber.State> f = rt.spawn(() -> {
                Continuation.pin();
                try {
                    while (!go.get()) {
                        Strand.park();
                    }
                    return Fiber.current().state();
                } finally {
                    Continuation.unpin();
                }
            });
            awaitState(f, Fiber.State.PINNED);
            go.set(true);
            f.unpark();
            assertEquals(Fiber.State.RUNNING, f.join());
        }
    }

    @Test
    void everyStateNameMapsToOnePublicState() {
        // the enum has exactly the six values the public API fixes
        assertEquals("[NEW, RUNNABLE, RUNNING, PARKED, PINNED, TERMINATED]",
                java.util.Arrays.toString(Fiber.State.values()));
    }
}
