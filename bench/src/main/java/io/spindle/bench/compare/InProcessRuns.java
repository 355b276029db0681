package io.spindle.bench.compare;

import io.spindle.bench.impl.ImplRunner;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.RuntimeStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Compare in one process: see {@link Compare}'s overview (rotated order, watchdog, stats deltas). */
final class InProcessRuns {
    private InProcessRuns() {
    }

    static void run(Plan plan, Comparison cmp) {
        Map<String, ImplRunner> impls = new LinkedHashMap<>();
        for (String name : plan.impls()) {
            try {
                impls.put(name, Impls.runner(name, plan.carriers()));
            } catch (RuntimeException e) { // go's build failed: an error in every row, the others go on
                System.err.println("compare: " + name + ": " + e.getMessage());
                plan.workloads().forEach(w -> cmp.fail(w.name(), name, "could not start: " + e.getMessage()));
            }
        }
        long start = System.nanoTime();
        int total = plan.workloads().size() * plan.reps() * plan.impls().size();
        int done = 0;
        try {
            for (Workload w : plan.workloads()) {
                long n = plan.size(w);
                plan.impls().forEach(name -> cmp.cell(w.name(), name).n = n);
                Map<String, StatsDelta> stats = new LinkedHashMap<>();
                for (int r = 0; r < plan.reps(); r++) {
                    for (int k = 0; k < plan.impls().size(); k++) {
                        String name = plan.impls().get((k + r) % plan.impls().size());
                        done++;
                        if (cmp.failed(w.name(), name)) {
                            continue;
                        }
                        ImplRunner impl = impls.get(name);
                        Runtime rt = impl.spindleRuntime();
                        RuntimeStats before = rt != null ? rt.stats() : null;
                        TimedRun.Outcome o = TimedRun.run(() -> impl.runOnce(w, n), plan.timeoutMs());
                        if (rt != null && r >= plan.warmup()) {
                            stats.merge(name, StatsDelta.between(before, rt.stats()), StatsDelta::plus);
                        }
                        Plan.progress(done + "/" + total, start, w.name(), name,
                                String.format(Locale.ROOT, "rep %d/%d: %s", r + 1, plan.reps(), describe(o)));
                        if (o.result() != null) {
                            cmp.add(o.result(), r < plan.warmup());
                        } else {
                            cmp.fail(w.name(), name, o.error());
                        }
                    }
                }
                stats.forEach((name, d) -> cmp.addStats(w.name(), name, d));
            }
        } finally {
            for (ImplRunner impl : impls.values()) {
                impl.close();
            }
        }
    }

    private static String describe(TimedRun.Outcome o) {
        if (o.result() == null) {
            return "ERROR " + o.error();
        }
        return o.result().measuresMemory()
                ? o.result().bytesPerTask() + " bytes/task"
                : String.format(Locale.ROOT, "%.1f ns/op", o.result().nsPerOp());
    }
}
