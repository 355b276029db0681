package io.spindle.bench.go;

import io.spindle.bench.Result;
import io.spindle.bench.impl.ImplRunner;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.WrongResultException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * The {@code go} reference implementation: the workloads as a Go program (bench/go, built once by
 * {@link GoBuild}), run as one long-lived child process per harness process in its {@code serve}
 * mode, so that like the JVM implementations it keeps its warmed heap and stacks between
 * repetitions. Each {@link #runOnce} sends {@code "WORKLOAD N"} and reads back one result line,
 * timed inside the Go program around the workload function (as the harness times the JVM
 * implementations), or {@code error: ...}. {@code GOMAXPROCS} is set to the carrier count.
 *
 * <p>A repetition that the harness gave up on (its watchdog timed out) leaves the session busy:
 * the next {@link #runOnce} kills that process and starts a fresh one.
 */
public final class GoImpl implements ImplRunner {
    private final Path binary;
    private final int procs;
    /** Written and read under this object's lock; a session's own fields are its caller's. */
    private Session session;

    /** Builds the program if needed; throws {@link GoUnavailableException} without a toolchain. */
    public GoImpl(int procs) {
        GoToolchain tc = GoToolchain.find().orElseThrow(() -> new GoUnavailableException(GoToolchain.MISSING));
        this.binary = GoBuild.binary(tc);
        this.procs = procs;
    }

    /** A one-line description for compare's legend, or why go is unavailable. */
    public static String describe(int procs) {
        return GoToolchain.find()
                .map(tc -> tc.release() + " goroutines (GOMAXPROCS=" + procs + "), Go channels and select, "
                        + "sync.WaitGroup; a child process (bench/go) timed inside itself")
                .orElse("not available: " + GoToolchain.MISSING);
    }

    @Override
    public String name() {
        return "go";
    }

    @Override
    public Result runOnce(Workload w, long n) throws IOException {
        Session s;
        synchronized (this) {
            s = session;
            if (s == null || s.busy || !s.process.isAlive()) {
                if (s != null) {
                    s.kill();
                }
                s = new Session(binary, procs);
                session = s;
            }
            s.busy = true;
        }
        String answer = s.request(w.name() + " " + n);
        if (answer == null) {
            s.kill();
            throw new IllegalStateException("the go process ended without an answer; its stderr: " + s.stderrTail());
        }
        s.busy = false;
        if (answer.startsWith("error: wrong result: ")) {
            throw new WrongResultException("go: " + answer.substring("error: wrong result: ".length()));
        }
        if (answer.startsWith("error: ")) {
            throw new IllegalStateException("go: " + answer.substring("error: ".length()));
        }
        Result r = Result.parse(answer);
        if (!r.workload().equals(w.name()) || !r.impl().equals("go")) {
            throw new IllegalStateException("go answered for another request: " + answer);
        }
        return r;
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.kill();
            session = null;
        }
    }

    /** One {@code serve} process: a request line out, an answer line back. */
    private static final class Session {
        private static final int STDERR_LINES = 20;
        final Process process;
        private final Writer requests;
        private final BufferedReader answers;
        private final Deque<String> stderr = new ArrayDeque<>();
        /** Set by the requesting thread before a request and cleared after its answer; read under GoImpl's lock. */
        volatile boolean busy;

        Session(Path binary, int procs) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "serve");
            pb.environment().put("GOMAXPROCS", String.valueOf(procs));
            process = pb.start();
            requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofPlatform().daemon().name("go-stderr").start(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (stderr) {
                            stderr.addLast(line);
                            if (stderr.size() > STDERR_LINES) {
                                stderr.removeFirst();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** Sends a request and waits for its answer line; null if the process ended. */
        String request(String line) throws IOException {
            try {
                requests.write(line + "\n");
                requests.flush();
                return answers.readLine();
            } catch (IOException e) {
                if (process.isAlive()) {
                    throw e;
                }
                return null;
            }
        }

        String stderrTail() {
            try {
                process.waitFor(1, TimeUnit.SECONDS); // let the stderr reader catch up with a crash
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (stderr) {
                return stderr.isEmpty() ? "(empty)" : String.join("\n", stderr);
            }
        }

        void kill() {
            try {
                requests.close(); // serve ends at end of input
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
