package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A huge duration ({@code Duration.ofSeconds(Long.MAX_VALUE)}, {@code Long.MAX_VALUE} nanos)
 * saturates in every timed operation of the runtime, as java.util.concurrent does: it waits "forever"
 * instead of throwing ArithmeticException or overflowing a deadline.
 */
@Timeout(60)
class HugeDurationTest {
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private static void awaitFlag(AtomicBoolean flag) throws InterruptedException {
        while (!flag.get()) {
            Thread.sleep(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenAHugeSleepInAFiber_whenOtherFibersSleepBriefly_thenTheyWakeAndTheHugeOneEndsOnlyByCancel(int carriers)
            throws Exception {
        try (Runtime rt = Runtime.builder().carriers(carriers).exceptionHandler((f, e) -> { }).build()) {
            AtomicBoolean sleeping = new AtomicBoolean();
            Fiber<?> sleeper = rt.spawn(() -> {
                sleeping.set(true);
                Fiber.sleep(HUGE);
            });
            awaitFlag(sleeping);
            // the huge timer sits in a timer heap: short timers must still fire in order
            for (int i = 0; i < 20; i++) {
                rt.spawn(() -> Fiber.sleep(Duration.ofMillis(2))).join();
            }
            assertTrue(!sleeper.isDone(), "a huge sleep must not end early");
            sleeper.cancel();
            CompletionException e = assertThrows(CompletionException.class, sleeper::join);
            assertInstanceOf(FiberCancelledException.class, e.getCause(), "not ArithmeticException: " + e.getCause());
        }
    }

    @Test
    void givenAHugeParkNanos_whenUnparked_thenItReturnsInAFiberAndOnAThread() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            AtomicBoolean parking = new AtomicBoolean();
            Fiber<String> f = rt.spawn(() -> {
                parking.set(true);
                Strand.parkNanos(Long.MAX_VALUE);
                return "unparked";
            });
            awaitFlag(parking);
            while (!f.isDone()) {
                f.unpark(); // the permit makes a park that has not started yet return at once
                Thread.sleep(1);
            }
            assertEquals("unparked", f.join());
        }
        Strand me = Strand.current();
        Thread unparker = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ignored) {
                // fine
            }
            me.unpark();
        });
        unparker.start();
        Strand.parkNanos(Long.MAX_VALUE); // may also return spuriously: either way it returns
        unparker.join();
    }

    @Test
    void givenAHugeSleepOnAPlainThread_whenInterrupted_thenItReturnsWithTheInterruptSet() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread t = new Thread(() -> {
            Fiber.sleep(HUGE);
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        Thread.sleep(20);
        t.interrupt();
        t.join(10_000);
        assertTrue(!t.isAlive() && interrupted.get());
        Fiber.sleep(Duration.ofSeconds(Long.MIN_VALUE)); // hugely negative: returns at once
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            assertEquals("ok", rt.run(() -> {
                Fiber.sleep(Duration.ofSeconds(Long.MIN_VALUE));
                return "ok";
            }));
        }
    }

    @Test
    void givenHugeTimeouts_whenGetWithTimeout_thenItWaitsForTheResult() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            Fiber<Integer> f = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(20));
                return 7;
            });
            assertEquals(7, f.get(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
            assertEquals(7, f.get(Long.MAX_VALUE, TimeUnit.DAYS));
            Fiber<Integer> g = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(20));
                return 8;
            });
            // from a fiber too (a timed park on a carrier's timer heap)
            assertEquals(8, rt.run(() -> g.get(Long.MAX_VALUE, TimeUnit.DAYS)));
        }
    }

    @Test
    void givenHugeBuilderDurations_whenTheRuntimeRunsAndCloses_thenNothingOverflows() {
        try (Runtime rt = Runtime.builder().carriers(1)
                .shutdownTimeout(HUGE)
                .deadlockGrace(HUGE)
                .runawayThreshold(HUGE)
                .diagnostics(true)
                .build()) {
            assertEquals(3, rt.run(() -> {
                Fiber.sleep(Duration.ofMillis(1));
                return 3;
            }));
        }
    }
}
