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
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp CLASSPATH io.spindle.runtime.ProbeCost [trace] [reps]
 * </pre>
 */
public final class ProbeCost {
    private static final int SPAWNS = 1_000_000;
    private static final int PING_PONGS = 1_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProbeCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean trace = Arrays.asList(args).contains("trace");
        int reps = args.length > 0 && args[args.length - 1].matches("\\d+") ? Integer.parseInt(args[args.length - 1]) : 5;
        try (Runtime rt = Runtime.builder().carriers(1).name("cost").build()) {
            if (trace) {
                rt.startTrace();
            }
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
            System.out.printf("spawn+join: %.1f ns/fiber   park/unpark ping-pong: %.1f ns/round trip   (carrier CPU, best of %d, %s)%n",
                    bestSpawn, bestPing, reps, trace ? "tracing" : "not tracing");
        }
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
