package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.testsupport.FiberFailures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Diagnostic mode (monitor held across a park, runaway fibers) and the live-fiber limit. */
@Timeout(60)
class DiagnosticsTest {

    @Test
    void givenDiagnostics_whenAFiberParksInsideSynchronized_thenItFailsNamingTheRule() {
        FiberFailures failures = new FiberFailures(); // the fiber fails on purpose: no stack trace on stderr
        try (Runtime rt = Runtime.builder().carriers(1).diagnostics(true).exceptionHandler(failures).build()) {
            Object lock = new Object();
            Fiber<Void> f = rt.spawn(() -> {
                synchronized (lock) {
                    Fiber.sleep(Duration.ofMillis(1));
                }
            });
            CompletionException e = assertThrows(CompletionException.class, f::join);
            SynchronizedParkException s = assertInstanceOf(SynchronizedParkException.class, e.getCause());
            assertTrue(s.getMessage().contains("synchronized") && s.getMessage().contains("Mutex"), s.getMessage());
            // outside a monitor, parking is fine in diagnostic mode
            assertEquals(1, rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(1));
                return 1;
            }).join());
        }
    }

    @Test
    void givenDiagnostics_whenAFiberHogsItsCarrier_thenItIsReportedWithItsStack() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = Runtime.builder().carriers(1).diagnostics(true)
                .runawayThreshold(Duration.ofMillis(50)).diagnosticsSink(reports::add).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            Fiber<Void> hog = rt.spawn(() -> spinUntil(stop));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reports.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            stop.set(true);
            hog.join();
            assertTrue(!reports.isEmpty(), "no runaway report");
            String r = reports.get(0);
            assertTrue(r.contains("runaway fiber") && r.contains("spinUntil"), r);
        }
    }

    static void spinUntil(AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void givenALiveFiberLimit_whenExceeded_thenRejectedAndTheRuntimeStaysUsable() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).maxFibers(10).build()) {
            AtomicBoolean release = new AtomicBoolean();
            for (int i = 0; i < 10; i++) {
                rt.spawn(() -> {
                    while (!release.get()) {
                        Fiber.sleep(Duration.ofMillis(1));
                    }
                });
            }
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
            assertTrue(e.getMessage().contains("maxFibers"), e.getMessage());
            release.set(true);
            while (rt.stats().liveFibers() > 0) {
                Thread.sleep(1);
            }
            assertEquals(5, rt.spawn(() -> 5).join());
        }
    }
}
