package io.spindle.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test (no timing assertions in mvn test): the cost check of docs/embedding.md, "Context".
 * Two fibers on ONE carrier hand a token back and forth with Strand park/unpark; prints the
 * carrier's CPU time per hand-off (CPU, not wall time, so a loaded machine disturbs it less), best
 * repetition after two warm-ups. Modes: {@code none} (nothing registered), {@code tl} (one
 * ThreadLocal registered with CarrierContext, never set), {@code tlset} (registered and set by both
 * fibers); then FiberLocal.get in a loop.
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
 *      -cp CLASSPATH io.spindle.runtime.ContextSwitchCost none|tl|tlset [handoffs] [reps]
 * </pre>
 */
public final class ContextSwitchCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ThreadLocal<String> TL = new ThreadLocal<>();
    private static final FiberLocal<Integer> FL = FiberLocal.withInitial(() -> 1);
    private static volatile int turn;

    private ContextSwitchCost() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "none";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        CarrierContext ctx = mode.equals("none") ? null : CarrierContext.register(TL);
        boolean set = mode.equals("tlset");
        try (Runtime rt = Runtime.builder().carriers(1).name("ctx-cost").build()) {
            double best = Double.MAX_VALUE;
            StringBuilder all = new StringBuilder();
            for (int r = 0; r < reps; r++) {
                double per = rt.run(() -> pingPong(n, set)) / (2.0 * n);
                all.append(String.format("%.1f ", per));
                if (r >= 2) {
                    best = Math.min(best, per);
                }
            }
            System.out.printf("%s: best %.1f carrier-CPU ns per hand-off (all: %s)%n", mode, best, all);
            int gets = 20_000_000;
            double get = rt.run(() -> {
                long sum = 0;
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < gets; i++) {
                    sum += FL.get();
                }
                return sum == gets ? (THREADS.getCurrentThreadCpuTime() - t0) / (double) gets : -1;
            });
            System.out.printf("FiberLocal.get: %.1f ns%n", get);
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    private static long pingPong(int n, boolean set) {
        AtomicReference<Fiber<?>> first = new AtomicReference<>(Fiber.current());
        turn = 0;
        Fiber<?> second = Fiber.spawn(() -> {
            if (set) {
                TL.set("second");
            }
            for (int i = 0; i < n; i++) {
                while (turn != 1) {
                    Strand.park();
                }
                turn = 0;
                first.get().unpark();
            }
        });
        if (set) {
            TL.set("first");
        }
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            turn = 1;
            second.unpark();
            while (turn != 0) {
                Strand.park();
            }
        }
        long t = THREADS.getCurrentThreadCpuTime() - t0;
        second.join();
        TL.remove();
        return t;
    }
}
