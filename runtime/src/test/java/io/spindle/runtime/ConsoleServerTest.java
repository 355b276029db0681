package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The web console's server: off by default, loopback only, 404s, a stream that survives clients, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleServerTest {

    @Test
    void offByDefault_noAddressNoThreadNoSocket() {
        try (Runtime rt = Runtime.builder().carriers(1).name("console-off").build()) {
            assertTrue(rt.consoleAddress().isEmpty());
            assertEquals(null, rt.consoleServer());
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                assertFalse(t.getName().startsWith("console-off-console"), "a console thread with the console off: " + t);
            }
        }
    }

    @Test
    void badPort_isRejectedByTheBuilder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runtime.builder().console(70000));
        assertTrue(e.getMessage().contains("0 (any free port)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().console(-1));
    }

    @Test
    void takenPort_failsBuildWithABindExceptionAndLeavesNoCarrier() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> Runtime.builder().carriers(1).name("console-taken").console(taken.getLocalPort()).build());
            assertInstanceOf(BindException.class, e.getCause());
            assertTrue(e.getMessage().contains("choose another port"), e.getMessage());
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith("console-taken-"), "left behind: " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void servesThePageAndAssets_404sTheRest_onLoopbackOnly(int carriers) throws Exception {
        try (Runtime rt = Runtime.builder().carriers(carriers).name("console-paths").console(0).build()) {
            InetSocketAddress a = rt.consoleAddress().orElseThrow();
            assertTrue(a.getAddress().isLoopbackAddress(), "bound to " + a);
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("HTTP-Dispatcher") || t.getName().startsWith("console-paths-console")) {
                    assertTrue(t.isDaemon(), "a forgotten runtime must not keep the JVM alive: " + t);
                }
            }
            String base = "http://127.0.0.1:" + a.getPort();
            assertEquals(200, status(base + "/"));
            assertTrue(get(base + "/").contains("<script src=\"/console.js\""));
            assertEquals(200, status(base + "/console.js"));
            assertEquals(200, status(base + "/console.css"));
            assertTrue(get(base + "/uplot/uPlot.iife.min.js").contains("uPlot"), "uPlot is bundled in the jar");
            assertEquals(200, status(base + "/uplot/uPlot.min.css"));
            for (String p : List.of("/nope", "/console.js/x", "/../pom.xml", "/uplot/", "/uplot/dist/uPlot.iife.min.js",
                    "/io/spindle/runtime/internal/console/console.html", "/events/x", "/favicon.ico")) {
                assertEquals(404, status(base + p), p);
            }
            try (Socket s = new Socket("127.0.0.1", a.getPort())) { // DNS rebinding: another host name
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertTrue(status.startsWith("HTTP/1.1 403"), status);
            }
            HttpURLConnection post = (HttpURLConnection) URI.create(base + "/events").toURL().openConnection();
            post.setRequestMethod("POST");
            assertEquals(405, post.getResponseCode());
            // every non-loopback address of this machine: nothing listens there
            for (InetAddress other : nonLoopbackAddresses()) {
                try (Socket s = new Socket()) {
                    assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(other, a.getPort()), 2000),
                            "the console must not listen on " + other);
                }
            }
        }
    }

    @Test
    void streamSendsSnapshotsWhoseCountersMove_andSurvivesAClientThatDisconnects() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (Runtime rt = Runtime.builder().carriers(2).name("console-stream").console(0).build()) {
            Fiber<Void> load = rt.spawn(() -> {
                while (!stop.get()) {
                    Fiber.spawn(() -> 1).join();
                    Fiber.yieldNow();
                }
            });
            String base = "http://127.0.0.1:" + rt.consoleAddress().orElseThrow().getPort();
            // a client that reads one snapshot and hangs up
            try (Socket s = new Socket("127.0.0.1", rt.consoleAddress().orElseThrow().getPort())) {
                s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("data: ")) {
                    // headers, retry
                }
                assertTrue(line != null && line.startsWith("data: {"), "first snapshot: " + line);
            }
            // the next client still gets a stream, with counters that move
            List<Map<?, ?>> snaps = snapshots(base + "/events?max=3");
            assertEquals(3, snaps.size());
            Map<?, ?> first = snaps.get(0);
            Map<?, ?> last = snaps.get(2);
            assertEquals(2, ((List<?>) first.get("carriers")).size());
            assertTrue(runs(last) > runs(first), "tasks run must grow: " + runs(first) + " -> " + runs(last));
            assertTrue(((Number) last.get("seq")).longValue() > ((Number) first.get("seq")).longValue());
            assertTrue(last.containsKey("timeline"), "a trace runs while a client watches");
            // the dead client's thread left: only the dead one and the finished one were ever counted
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rt.consoleServer().streamClients() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, rt.consoleServer().streamClients(), "disconnected clients are forgotten");
            stop.set(true);
            load.join();
        }
    }

    @Test
    void dumpEndpoint_listsTheFibersOfAParkSiteWithStacks() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("console-dump").console(0).build()) {
            Fiber<Void> sleeper = rt.spawn("the-sleeper", () -> {
                Fiber.sleep(java.time.Duration.ofMinutes(5));
                return null;
            });
            String base = "http://127.0.0.1:" + rt.consoleAddress().orElseThrow().getPort();
            String text = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text.contains("the-sleeper") && System.nanoTime() < deadline) {
                text = get(base + "/dump?site=sleep");
            }
            assertTrue(text.contains("\"the-sleeper\" SLEEPING"), text);
            assertTrue(text.contains("at io.spindle.runtime.Fiber.sleep"), "with its stack: " + text);
            assertFalse(get(base + "/dump?site=Channel").contains("the-sleeper"));
            sleeper.cancel();
        }
    }

    @Test
    void closingTheRuntimeStopsTheServerAndFreesThePort() throws Exception {
        int port;
        Runtime rt = Runtime.builder().carriers(2).name("console-close").console(0).build();
        port = rt.consoleAddress().orElseThrow().getPort();
        // a stream open while the runtime closes must not keep it (or the port) alive
        Socket watcher = new Socket("127.0.0.1", port);
        watcher.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = watcher.getInputStream();
        assertTrue(in.read() >= 0);
        rt.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // throws if still bound
        }
        watcher.setSoTimeout(5000);
        byte[] buf = new byte[65536];
        while (in.read(buf) >= 0) {
            // drain until the server's close ends the stream
        }
        watcher.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("console-close-console")) {
                t.join(5000); // a pool thread may still be returning from its last task
                assertFalse(t.isAlive(), "left behind: " + t);
            }
        }
    }

    @Test
    void userTraceTakesOverFromTheConsoleTrace_andGivesItBack() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("console-trace").console(0).build()) {
            rt.consoleTracing(true);
            assertTrue(rt.peekTrace() != null);
            rt.startTrace(1024);
            rt.run(() -> Fiber.spawn(() -> 1).join());
            java.io.StringWriter w = new java.io.StringWriter();
            assertTrue(rt.stopTrace(w) > 0, "the user's trace got the events");
            assertTrue(rt.peekTrace() != null, "the console traces again");
            rt.consoleTracing(false);
            assertEquals(null, rt.peekTrace());
        }
    }

    // ------------------------------------------------------------------ helpers

    static long runs(Map<?, ?> snapshot) {
        long sum = 0;
        for (Object c : (List<?>) snapshot.get("carriers")) {
            sum += ((Number) ((Map<?, ?>) c).get("run")).longValue();
        }
        return sum;
    }

    /** Reads an /events?max=N stream to its end event; returns the parsed snapshots. */
    static List<Map<?, ?>> snapshots(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setReadTimeout(20_000);
        List<Map<?, ?>> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals("event: end")) {
                    break;
                }
                if (line.startsWith("data: ")) {
                    out.add((Map<?, ?>) MiniJson.parse(line.substring(6)));
                }
            }
        }
        return out;
    }

    static int status(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        var ifs = java.net.NetworkInterface.getNetworkInterfaces();
        while (ifs.hasMoreElements()) {
            for (InetAddress x : java.util.Collections.list(ifs.nextElement().getInetAddresses())) {
                if (!x.isLoopbackAddress() && !x.isLinkLocalAddress()) {
                    out.add(x);
                }
            }
        }
        return out;
    }
}
