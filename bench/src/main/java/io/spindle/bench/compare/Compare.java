package io.spindle.bench.compare;

import io.spindle.bench.Args;
import io.spindle.bench.Runner;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.RuntimeStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compare mode: every chosen workload on every implementation in one process.
 *
 * <p>Overview. All implementations are created once (two Spindle runtimes, for spindle and
 * loom-spindle, plus the JDK's default virtual-thread scheduler; idle carriers park). For each
 * workload, repetition r runs every implementation once, in an order rotated by r, so that machine
 * noise and JIT drift spread over all of them instead of favouring whoever runs last. Each
 * repetition runs on a watchdog thread ({@link TimedRun}): a hung or failing implementation is
 * reported as an error and skipped, the others go on. The first {@code --warmup} repetitions warm
 * the JIT; the {@link Comparison} reports medians of the rest, with ratios against spindle, and
 * the Spindle runtimes' scheduler counters per workload ({@link StatsDelta}). Outputs: a table on
 * stdout, and in {@code --out}: results.txt (every result line), compare.csv, compare.md,
 * compare.png ({@link ChartReport}).
 */
public final class Compare {
    private Compare() {
    }

    public static int main(Args a) throws Exception {
        boolean quick = a.flag("quick");
        List<Workload> workloads = a.getList("workloads", Workloads.ALL.stream().map(Workload::name).toList())
                .stream().map(Workloads::byName).toList();
        List<String> implNames = a.getList("impls", Impls.NAMES);
        for (String name : implNames) {
            if (!Impls.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + Impls.NAMES);
            }
        }
        int reps = a.getInt("reps", quick ? 4 : 5);
        int warmup = a.getInt("warmup", 1);
        long timeoutMs = a.getLong("timeout-s", quick ? 30 : 120) * 1000;
        Path out = Path.of(a.get("out", "bench/target/compare"));
        int carriers = a.getInt("carriers", Impls.defaultCarriers());
        String command = "compare " + String.join(" ", a.raw());

        Map<String, Impl> impls = new LinkedHashMap<>();
        for (String name : implNames) {
            impls.put(name, Impls.create(name, carriers));
        }
        Comparison cmp = new Comparison(implNames, command, reps, warmup, carriers);
        long start = System.nanoTime();
        int total = workloads.size() * reps * implNames.size();
        int done = 0;
        try {
            for (Workload w : workloads) {
                long n = quick ? w.quickN() : w.defaultN();
                implNames.forEach(name -> cmp.cell(w.name(), name).n = n);
                Map<String, StatsDelta> stats = new LinkedHashMap<>();
                for (int r = 0; r < reps; r++) {
                    for (int k = 0; k < implNames.size(); k++) {
                        String name = implNames.get((k + r) % implNames.size());
                        done++;
                        if (cmp.failed(w.name(), name)) {
                            continue;
                        }
                        Impl impl = impls.get(name);
                        Runtime rt = impl.spindleRuntime();
                        RuntimeStats before = rt != null ? rt.stats() : null;
                        TimedRun.Outcome o = TimedRun.run(() -> Runner.once(w, impl, n), timeoutMs);
                        if (rt != null && r >= warmup) {
                            stats.merge(name, StatsDelta.between(before, rt.stats()), StatsDelta::plus);
                        }
                        progress(done, total, start, w, name, r, reps, o);
                        if (o.result() != null) {
                            cmp.add(o.result(), r < warmup);
                        } else {
                            cmp.fail(w.name(), name, o.error());
                        }
                    }
                }
                stats.forEach((name, d) -> cmp.addStats(w.name(), name, d));
            }
        } finally {
            for (Impl impl : impls.values()) {
                impl.close();
            }
        }
        System.out.println();
        System.out.print(Tables.text(cmp));
        Files.createDirectories(out);
        Files.write(out.resolve("results.txt"), cmp.allLines());
        Files.writeString(out.resolve("compare.csv"), Tables.csv(cmp));
        Files.writeString(out.resolve("compare.md"), Tables.markdown(cmp));
        Path chart = out.resolve("compare.png");
        if (!a.flag("no-chart")) {
            ChartReport.write(cmp, chart);
        }
        System.err.printf(Locale.ROOT, "compare: %.1f s; wrote %s/{results.txt,compare.csv,compare.md%s}%n",
                (System.nanoTime() - start) / 1e9, out, a.flag("no-chart") ? "" : ",compare.png");
        return cmp.hasFailures() ? 1 : 0;
    }

    private static void progress(int done, int total, long start, Workload w, String impl, int r, int reps,
                                 TimedRun.Outcome o) {
        String what = o.result() != null
                ? (o.result().measuresMemory()
                        ? o.result().bytesPerTask() + " bytes/task"
                        : String.format(Locale.ROOT, "%.1f ns/op", o.result().nsPerOp()))
                : "ERROR " + o.error();
        System.err.printf(Locale.ROOT, "[%3d/%d %5.1fs] %-9s %-13s rep %d/%d: %s%n", done, total,
                (System.nanoTime() - start) / 1e9, w.name(), impl, r + 1, reps, what);
    }
}
