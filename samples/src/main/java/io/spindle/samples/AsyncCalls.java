package io.spindle.samples;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Interop: 10,000 {@code HttpClient.sendAsync}-style calls awaited from 10,000 fibers on 2 carriers
 * with {@link Fiber#await}. Each fiber parks until its future completes; the carriers run the other
 * fibers meanwhile, so no thread per call and no thread blocked: while the calls are in flight the
 * JVM has the threads it had before plus the 2 carriers, the runtime's stall watchdog, the client's
 * one I/O thread and a few one-time JVM/runtime threads (the sample prints their names).
 *
 * <p>The async source is local and in-process (no network): {@link LocalAsyncClient} completes
 * each request's {@code CompletableFuture} from its single timer thread after a random 1-20 ms,
 * the way {@code java.net.http.HttpClient} completes {@code sendAsync} from its selector thread.
 */
public final class AsyncCalls {
    private AsyncCalls() {
    }

    /** What one run measured. */
    public record Result(int calls, int correct, int threadsBefore, int peakThreadsDuring, int threadsAfter,
                         List<String> newThreadsDuring, long millis) {
    }

    /**
     * A stand-in for {@code HttpClient}: {@code sendAsync(path)} returns at once, and its one
     * "I/O" thread completes the future later with {@code "200 OK " + path}.
     */
    static final class LocalAsyncClient implements AutoCloseable {
        private final ScheduledExecutorService io = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "local-async-client-io");
            t.setDaemon(true);
            return t;
        });

        CompletableFuture<String> sendAsync(String path) {
            CompletableFuture<String> response = new CompletableFuture<>();
            long delayMicros = ThreadLocalRandom.current().nextLong(1_000, 20_000);
            io.schedule(() -> response.complete("200 OK " + path), delayMicros, TimeUnit.MICROSECONDS);
            return response;
        }

        @Override
        public void close() {
            io.shutdownNow();
            try {
                io.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static Result run(int calls, int carriers) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        List<String> newThreads = new ArrayList<>();
        threads.resetPeakThreadCount();
        long start = System.nanoTime();
        int correct;
        try (LocalAsyncClient client = new LocalAsyncClient();
             Runtime rt = Runtime.builder().carriers(carriers).name("async").build()) {
            correct = rt.run(() -> {
                List<Fiber<Boolean>> fibers = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                    String path = "/items/" + i;
                    fibers.add(Fiber.spawn(() -> {
                        String body = Fiber.await(client.sendAsync(path)); // parks this fiber only
                        return body.equals("200 OK " + path);
                    }));
                }
                for (Thread t : Thread.getAllStackTraces().keySet()) { // every call is in flight now
                    if (!threadsBefore.contains(t)) {
                        newThreads.add(t.getName());
                    }
                }
                Collections.sort(newThreads);
                int ok = 0;
                for (Fiber<Boolean> f : fibers) {
                    ok += f.join() ? 1 : 0;
                }
                return ok;
            });
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int peak = threads.getPeakThreadCount();
        int after = threads.getThreadCount();
        return new Result(calls, correct, before, peak, after, List.copyOf(newThreads), millis);
    }

    public static void run(PrintStream out) {
        Result r = run(10_000, 2);
        out.println(r.calls() + " async calls awaited from " + r.calls() + " fibers on 2 carriers in " + r.millis() + " ms");
        out.println("responses correct: " + r.correct() + " of " + r.calls());
        out.println("JVM threads: " + r.threadsBefore() + " before, at most " + r.peakThreadsDuring()
                + " while running, " + r.threadsAfter() + " after");
        out.println("threads started while " + r.calls() + " calls were in flight: " + r.newThreadsDuring());
        out.println("  (the 2 carriers, the runtime's stall watchdog, the client's I/O thread, and one-time"
                + " JVM/runtime threads such as spindle-jmx: none per call)");
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
