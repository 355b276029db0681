package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's "all goroutines are asleep - deadlock!", with no false positives. */
@Timeout(60)
class DeadlockDetectionTest {

    private static Runtime runtime(int carriers) {
        return Runtime.builder().carriers(carriers).deadlockGrace(Duration.ofMillis(1000)).build();
    }

    static void waitForeverOnPurpose(Object blocker) {
        while (true) {
            Strand.park(blocker);
        }
    }

    @Test
    void givenEveryFiberParkedWithNobodyToWakeIt_thenRunFailsWithADumpOfWhereTheyWait() {
        try (Runtime rt = runtime(2)) {
            Object lock = new Object();
            DeadlockException e = assertThrows(DeadlockException.class, () -> rt.run(() -> {
                Fiber<Void> child = Fiber.spawn(() -> waitForeverOnPurpose(lock));
                child.join(); // main waits for a child that waits forever
                return null;
            }));
            String msg = e.getMessage();
            assertTrue(msg.contains("deadlock"), msg);
            assertTrue(msg.contains("\"main\""), msg);
            assertTrue(msg.contains("waitForeverOnPurpose"), msg);
            assertTrue(msg.contains(Object.class.getName() + "@"), msg);
        }
    }

    @Test
    void givenAPlainThreadThatWakesMainAfterADelay_thenNoDeadlockIsReported() throws Exception {
        try (Runtime rt = runtime(1)) {
            AtomicReference<Strand> main = new AtomicReference<>();
            Thread waker = new Thread(() -> {
                try {
                    while (main.get() == null) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(150); // well inside the grace period, even on a loaded machine
                } catch (InterruptedException e) {
                    return;
                }
                main.get().unpark();
            });
            waker.start();
            String r = rt.run(() -> {
                main.set(Strand.current());
                Strand.park();
                return "woken";
            });
            assertEquals("woken", r);
            waker.join();
        }
    }

    @Test
    void givenATimerThatFiresLaterThanTheGrace_thenNoDeadlockIsReported() {
        try (Runtime rt = runtime(2)) {
            assertEquals("slept", rt.run(() -> {
                Fiber.sleep(Duration.ofMillis(1500)); // longer than the grace period
                return "slept";
            }));
        }
    }

    @Test
    void givenABlockingCallLongerThanTheGrace_thenNoDeadlockIsReported() {
        try (Runtime rt = runtime(1)) {
            assertEquals(3, rt.run(() -> Fiber.blocking(() -> {
                Thread.sleep(1500); // longer than the grace period
                return 3;
            })));
        }
    }

    @Test
    void givenAPlainThreadParkedInSpindleThatWillWakeMain_thenNoDeadlockIsReported() throws Exception {
        try (Runtime rt = runtime(1)) {
            AtomicReference<Strand> main = new AtomicReference<>();
            Thread partner = new Thread(() -> {
                Strand.parkNanos(Duration.ofMillis(1500).toNanos()); // inside Spindle the whole time
                while (main.get() == null) {
                    Thread.onSpinWait();
                }
                main.get().unpark();
            });
            partner.start();
            assertEquals(1, rt.run(() -> {
                main.set(Strand.current());
                Strand.park();
                return 1;
            }));
            partner.join();
        }
    }
}
