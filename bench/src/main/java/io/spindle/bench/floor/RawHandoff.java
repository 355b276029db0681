package io.spindle.bench.floor;

import java.util.Arrays;
import java.util.Locale;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The floor of issue 10's "pingpong on 1 carrier" goal: two raw {@link Continuation}s on one
 * thread bounce an integer N times through a plain field, each hand-off putting the other
 * continuation in a plain "runnext" slot and yielding; the thread's loop runs whatever the slot
 * holds. No scheduler, no states, no locks, no fences: what a fiber hand-off costs at least on this
 * JVM (two yields and two runs per round trip). Prints one line per repetition and the median of
 * the repetitions after the first, as ns per round trip, so it can be run interleaved with
 * {@code pingpong --impl spindle --carriers 1} in the same minutes:
 * <pre>
 *   ./spindle java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *       -cp bench/target/spindle-bench.jar io.spindle.bench.floor.RawHandoff [N] [REPS]
 * </pre>
 * Defaults: N = 1,000,000 round trips (pingpong's default size), REPS = 7.
 */
public final class RawHandoff {
    private static final ContinuationScope SCOPE = new ContinuationScope("floor");

    private Continuation runnext; // the slot the loop runs next (plain: one thread)
    private int box;              // the "channel": the value in flight (plain)
    private long sum;

    RawHandoff() {
    }

    /** One repetition: n round trips; returns the elapsed nanoseconds. */
    long run(int n) {
        sum = 0;
        Continuation[] pair = new Continuation[2];
        pair[0] = new Continuation(SCOPE, () -> { // ping: sends i, waits for the echo
            for (int i = 0; i < n; i++) {
                box = i;
                runnext = pair[1];
                Continuation.yield(SCOPE);
                sum += box;
            }
        });
        pair[1] = new Continuation(SCOPE, () -> { // pong: echoes what it receives
            for (int i = 0; i < n; i++) {
                int v = box;
                box = v;
                runnext = pair[0];
                Continuation.yield(SCOPE);
            }
        });
        long t0 = System.nanoTime();
        runnext = pair[0];
        while (true) {
            Continuation c = runnext;
            if (c == null) {
                break;
            }
            runnext = null;
            if (!c.isDone()) {
                c.run();
                if (c.isDone() && runnext == null) {
                    break;
                }
            }
        }
        // pong may still be parked after ping's last receive: finish it (not timed)
        long t1 = System.nanoTime();
        while (!pair[1].isDone()) {
            pair[1].run();
        }
        long expected = (long) n * (n - 1) / 2;
        if (sum != expected) {
            throw new IllegalStateException("raw hand-off sum " + sum + " != " + expected);
        }
        return t1 - t0;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        RawHandoff h = new RawHandoff();
        double[] ns = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t = h.run(n);
            ns[r] = (double) t / n;
            System.out.printf(Locale.ROOT, "workload=rawhandoff impl=continuation ops=%d total_ms=%.1f ns_per_op=%.1f%n",
                    n, t / 1e6, ns[r]);
        }
        double[] measured = Arrays.copyOfRange(ns, Math.min(1, reps - 1), reps);
        Arrays.sort(measured);
        System.err.printf(Locale.ROOT, "rawhandoff median (reps 2..%d): %.1f ns per round trip (min %.1f, max %.1f)%n",
                reps, measured[measured.length / 2], measured[0], measured[measured.length - 1]);
    }
}
