package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the console's snapshots say: virtual threads, warnings, fibers by state and park sites. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleContentTest {

    private static Map<?, ?> oneSnapshot(Runtime rt) throws Exception {
        List<Map<?, ?>> s = ConsoleServerTest.snapshots(
                "http://127.0.0.1:" + rt.consoleAddress().orElseThrow().getPort() + "/events?max=1");
        assertEquals(1, s.size());
        return s.get(0);
    }

    private static long num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @Test
    void virtualThreadsOnTheScheduler_areCountedInStatsTheConsoleAndTheTrace() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("console-vt").console(0).build()) {
            rt.startTrace(1 << 12);
            int rounds = 1000;
            SynchronousQueue<Integer> ping = new SynchronousQueue<>();
            SynchronousQueue<Integer> pong = new SynchronousQueue<>();
            Thread a = rt.virtualThreadBuilder().start(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        ping.put(i);
                        pong.take();
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Thread b = rt.virtualThreadBuilder().start(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        pong.put(ping.take());
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            a.join();
            b.join();
            long runs = rt.stats().virtualThreadRuns();
            assertTrue(runs >= rounds, "each hand-off runs a virtual thread: " + runs);
            assertTrue(rt.stats().toString().contains("vthread"), rt.stats().toString());
            assertTrue(num(oneSnapshot(rt), "vthreadRuns") >= runs, "the console shows them");
            StringWriter json = new StringWriter();
            rt.stopTrace(json);
            assertTrue(json.toString().contains("\"name\":\"virtual thread\""), "the trace draws their runs");
        }
    }

    @Test
    void stallWarnings_reachTheConsole_andStillGoToTheSink() throws Exception {
        ConcurrentLinkedQueue<String> sink = new ConcurrentLinkedQueue<>();
        try (Runtime rt = Runtime.builder().carriers(1).name("console-warn").console(0)
                .stallThreshold(Duration.ofMillis(50)).diagnosticsSink(sink::add).build()) {
            rt.run(() -> {
                Thread.sleep(300); // blocks the carrier outside Spindle: the watchdog reports it
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sink.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(!sink.isEmpty(), "the sink got the report");
            Map<?, ?> snap = oneSnapshot(rt);
            List<?> warnings = (List<?>) snap.get("warnings");
            assertEquals(sink.size(), warnings.size(), "one console warning per report: " + warnings);
            Map<?, ?> w = (Map<?, ?>) warnings.get(0);
            assertEquals("stall", w.get("kind"), String.valueOf(w));
            assertEquals(sink.peek(), w.get("text"));
            assertTrue(num(snap, "warningsTotal") >= 1);
        }
    }

    @Test
    void deadlockReports_reachTheConsole() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("console-deadlock").console(0)
                .deadlockGrace(Duration.ofMillis(100)).build()) {
            Object nobody = new Object();
            org.junit.jupiter.api.Assertions.assertThrows(DeadlockException.class, () -> rt.run(() -> {
                while (true) {
                    Strand.park(nobody); // nothing will ever unpark it
                }
            }));
            List<?> warnings = (List<?>) oneSnapshot(rt).get("warnings");
            assertTrue(warnings.stream().anyMatch(w -> "deadlock".equals(((Map<?, ?>) w).get("kind"))), String.valueOf(warnings));
        }
    }

    @Test
    void fibersByStateAndParkSites_countTheParkedFibers() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("console-sites").console(0).build()) {
            int n = 25;
            Fiber<?>[] sleepers = new Fiber<?>[n];
            for (int i = 0; i < n; i++) {
                sleepers[i] = rt.spawn(() -> {
                    Fiber.sleep(Duration.ofMinutes(10));
                    return null;
                });
            }
            Map<?, ?> snap = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                snap = oneSnapshot(rt);
                Map<?, ?> states = (Map<?, ?>) ((Map<?, ?>) snap.get("fibers")).get("states");
                if (states.get("SLEEPING") != null && ((Number) states.get("SLEEPING")).intValue() == n) {
                    break;
                }
            }
            Map<?, ?> states = (Map<?, ?>) ((Map<?, ?>) snap.get("fibers")).get("states");
            assertEquals(n, ((Number) states.get("SLEEPING")).intValue(), String.valueOf(states));
            Map<?, ?> top = (Map<?, ?>) ((List<?>) snap.get("parkSites")).get(0);
            assertEquals("sleep", top.get("site"));
            assertEquals(n, ((Number) top.get("count")).intValue());
            for (Fiber<?> f : sleepers) {
                f.cancel();
            }
        }
    }
}
