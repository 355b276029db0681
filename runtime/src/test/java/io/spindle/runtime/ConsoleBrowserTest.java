package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loads the console in headless Chromium while the runtime runs a workload, and checks the rendered
 * DOM: every carrier has a row, the page received several snapshots, and the counters moved between
 * the first and the last. Saves a screenshot as target/console-screenshot.png.
 *
 * <p>Needs Debian's {@code chromium} (/usr/bin/chromium, or -Dspindle.chromium=PATH); skipped with a
 * message without it (.ci/run installs it). The page is loaded with {@code ?max=N}: the server ends
 * the stream after N snapshots, so that Chromium, which waits for open requests before it dumps
 * the DOM, finishes; every Chromium run is bounded by a timeout and killed past it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
    private static final int SNAPSHOTS = 8;
    private static final long CHROMIUM_TIMEOUT_SECONDS = 90;

    @Test
    void theRenderedPageListsEveryCarrierAndItsCountersMove() throws Exception {
        Path chromium = Path.of(System.getProperty("spindle.chromium", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "skipped: no headless browser at " + chromium
                + " (apt-get install chromium, or -Dspindle.chromium=PATH); .ci/run installs it");
        int carriers = 3;
        AtomicBoolean stop = new AtomicBoolean();
        Path target = Path.of("target");
        Files.createDirectories(target);
        try (Runtime rt = Runtime.builder().carriers(carriers).name("browser").console(0).build()) {
            Fiber<Object> load = rt.spawn("load", () -> {
                while (!stop.get()) {
                    Fiber<?>[] fs = new Fiber<?>[50];
                    for (int i = 0; i < fs.length; i++) {
                        fs[i] = Fiber.spawn(() -> {
                            Fiber.yieldNow();
                            return 1;
                        });
                    }
                    for (Fiber<?> f : fs) {
                        f.join();
                    }
                    Fiber.sleep(java.time.Duration.ofMillis(1));
                }
                return null;
            });
            String url = "http://127.0.0.1:" + rt.consoleAddress().orElseThrow().getPort() + "/?max=" + SNAPSHOTS;

            String dom = chromium(chromium, target, "--dump-dom", url);
            List<String> rows = all(dom, "<tr class=\"carrier\" data-carrier=\"([^\"]+)\"");
            for (int i = 0; i < carriers; i++) {
                assertTrue(rows.contains("browser-carrier-" + i), "carrier " + i + " listed: " + rows);
            }
            assertEquals(carriers, rows.size(), "one row per carrier: " + rows);
            assertEquals(String.valueOf(SNAPSHOTS), one(dom, "id=\"snapshots\">(\\d+)<"), "snapshots received");
            assertTrue(dom.contains("data-done=\"1\""), "the stream ended as asked");
            long first = Long.parseLong(one(dom, "id=\"runsTotal\" data-first=\"(\\d+)\""));
            long last = Long.parseLong(one(dom, "data-last=\"(\\d+)\""));
            assertTrue(last > first, "tasks run must grow between the first and the last snapshot: " + first + " -> " + last);
            assertTrue(Integer.parseInt(one(dom, "data-slices=\"(\\d+)\"")) > 0, "the timeline drew slices");
            assertTrue(dom.contains("class=\"uplot"), "uPlot drew the charts");

            Path shot = target.resolve("console-screenshot.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium(chromium, target, "--screenshot=" + shot, "--window-size=1400,1600", "--hide-scrollbars", url);
            assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
            System.out.println("console screenshot: " + shot);
            stop.set(true);
            load.join();
        }
    }

    /** Runs headless Chromium with a fresh profile; returns its stdout. Killed past the timeout. */
    private static String chromium(Path exe, Path target, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(target, "chromium-profile");
        Path out = target.resolve("chromium-out.txt");
        Path err = target.resolve("chromium-err.txt");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--virtual-time-budget=20000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            boolean done = p.waitFor(CHROMIUM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(done, "chromium did not finish within " + CHROMIUM_TIMEOUT_SECONDS + " s: " + cmd);
            assertEquals(0, p.exitValue(), "chromium failed, see " + err.toAbsolutePath());
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String one(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "not in the page: " + regex);
        return m.group(1);
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
