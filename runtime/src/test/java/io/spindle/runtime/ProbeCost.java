package io.spindle.runtime;

import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * Not a test (no timing assertions in mvn test): the JMH-free cost check of docs/observability.md.
 * Measures spawn+join and park/unpark ping-pong on ONE carrier, as CPU time of that carrier thread
 * per operation (CPU time, not wall time, so that other processes on a shared machine disturb it
 * less); run it with JFR off, with {@code -XX:StartFlightRecording}, and with {@code trace} as an
 * argument (the execution tracer on):
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp CLASSPATH io.spindle.runtime.ProbeCost [trace|console|watched] [reps]
 * </pre>
 * {@code console}: the web console on, nobody watching; {@code watched}: the console on and a client
 * reading its stream the whole time (snapshots 4 times a second and the console's trace). Also prints
 * the CPU time of the console's own threads (sampler, server) per second of the run.
 */
public final class ProbeCost {
    private static final int SPAWNS = 1_000_000;
    private static final int PING_PONGS = 1_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProbeCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean trace = Arrays.asList(args).contains("trace");
        boolean watched = Arrays.asList(args).contains("watched");
        boolean console = watched || Arrays.asList(args).contains("console");
        int reps = args.length > 0 && args[args.length - 1].matches("\\d+") ? Integer.parseInt(args[args.length - 1]) : 5;
        Runtime.Builder builder = Runtime.builder().carriers(1).name("cost");
        if (console) {
            builder.console(0);
        }
        try (Runtime rt = builder.build()) {
            if (trace) {
                rt.startTrace();
            }
            if (watched) {
                Thread client = new Thread(() -> {
                    try (var in = java.net.URI.create("http://127.0.0.1:" + rt.consoleAddress().orElseThrow().getPort()
                            + "/events").toURL().openStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException closed) {
                        // the runtime closed
                    }
                }, "cost-console-client");
                client.setDaemon(true);
                client.start();
                Thread.sleep(500);
            }
            long wall0 = System.nanoTime();
            long consoleCpu0 = consoleThreadsCpu();
            double bestSpawn = Double.MAX_VALUE;
            double bestPing = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                bestSpawn = Math.min(bestSpawn, carrierCpuNanos(rt, ProbeCost::spawnJoin) / (double) SPAWNS);
                bestPing = Math.min(bestPing, carrierCpuNanos(rt, ProbeCost::pingPong) / (double) PING_PONGS);
            }
            if (trace) {
                StringWriter out = new StringWriter();
                int n = rt.stopTrace(out);
                System.out.printf("trace window: %d events, %d KB of JSON%n", n, out.getBuffer().length() / 1024);
            }
            double seconds = (System.nanoTime() - wall0) / 1e9;
            double consoleMsPerSecond = (consoleThreadsCpu() - consoleCpu0) / 1e6 / seconds;
            System.out.printf("spawn+join: %.1f ns/fiber   park/unpark ping-pong: %.1f ns/round trip   (carrier CPU, best of %d, %s)%n",
                    bestSpawn, bestPing, reps, trace ? "tracing" : watched ? "console watched" : console ? "console on, unwatched" : "not tracing, no console");
            if (console) {
                System.out.printf("console threads: %.1f ms CPU per second of run%n", consoleMsPerSecond);
            }
        }
    }

    /** CPU nanoseconds of the console's threads (its sampler and server threads), so far. */
    private static long consoleThreadsCpu() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("cost-console") && !t.getName().equals("cost-console-client")) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
            }
        }
        return sum;
    }

    /** CPU nanoseconds the runtime's carriers spent in {@code work}. */
    private static long carrierCpuNanos(Runtime rt, ToLongFunction<Runtime> work) {
        long before = rt.carrierThreads().stream().mapToLong(t -> THREADS.getThreadCpuTime(t.threadId())).sum();
        work.applyAsLong(rt);
        return rt.carrierThreads().stream().mapToLong(t -> THREADS.getThreadCpuTime(t.threadId())).sum() - before;
    }

    /** Main spawns 1M trivial fibers in batches of 10,000 and joins each batch. Returns wall ns. */
    private static long spawnJoin(Runtime rt) {
        long t0 = System.nanoTime();
        rt.run(() -> {
            Fiber<?>[] batch = new Fiber<?>[10_000];
            for (int done = 0; done < SPAWNS; done += batch.length) {
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = Fiber.spawn(() -> { });
                }
                for (Fiber<?> f : batch) {
                    f.join();
                }
            }
            return null;
        });
        return System.nanoTime() - t0;
    }

    /** Two fibers hand a turn back and forth with unpark/park, 1M round trips. Returns wall ns. */
    private static long pingPong(Runtime rt) {
        final class Turn {
            volatile int owner;
        }
        Turn turn = new Turn();
        long t0 = System.nanoTime();
        rt.run(() -> {
            Fiber<?>[] pair = new Fiber<?>[2];
            for (int side = 0; side < 2; side++) {
                int me = side;
                pair[side] = Fiber.spawn(() -> {
                    for (int i = 0; i < PING_PONGS; i++) {
                        while (turn.owner != me) {
                            Strand.park(turn);
                        }
                        turn.owner = 1 - me;
                        while (pair[1 - me] == null) {
                            Fiber.yieldNow();
                        }
                        pair[1 - me].unpark();
                    }
                });
            }
            for (Fiber<?> f : pair) {
                f.join();
            }
            return null;
        });
        return System.nanoTime() - t0;
    }
}
