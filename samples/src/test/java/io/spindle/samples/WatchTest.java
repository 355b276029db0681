package io.spindle.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** {@code watch NAME}: prints the console's URL, serves snapshots of a busy runtime, stops when asked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchTest {

    @ParameterizedTest
    @ValueSource(strings = {"skynet", "sieve", "fanin", "vthreads", "http"})
    void printsTheUrlAndTheConsoleShowsTheWorkloadRunning(String name) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Throwable[] failure = new Throwable[1];
        Thread watch = new Thread(() -> {
            try {
                Watch.main(new String[] {name, "2", "2"}, out);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        watch.start();
        Pattern url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = url.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            synchronized (bytes) {
                m = url.matcher(bytes.toString(StandardCharsets.UTF_8));
            }
            if (m.find()) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(m.find(0), "URL printed: " + bytes);
        String stream;
        try (InputStream in = URI.create(m.group(1) + "events?max=3").toURL().openStream()) {
            stream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher runs = Pattern.compile("\"run\":(\\d+)").matcher(stream);
        long total = 0;
        while (runs.find()) {
            total += Long.parseLong(runs.group(1));
        }
        assertTrue(total > 0, "the carriers ran tasks: " + stream.substring(0, Math.min(400, stream.length())));
        if (name.equals("vthreads")) {
            assertTrue(Pattern.compile("\"vthreadRuns\":[1-9]").matcher(stream).find(), "virtual threads counted");
        }
        watch.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!watch.isAlive(), "watch stops after its seconds");
        assertTrue(failure[0] == null, () -> "watch failed: " + failure[0]);
    }
}
