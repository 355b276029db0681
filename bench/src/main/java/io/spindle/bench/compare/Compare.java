package io.spindle.bench.compare;

import io.spindle.bench.Args;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * Compare mode: every chosen workload on every implementation in one process.
 *
 * <p>Overview. All implementations are created once (two Spindle runtimes, for spindle and
 * loom-spindle, the JDK's default virtual-thread scheduler, Kotlin's Dispatchers.Default, and the
 * go program as one child process; idle carriers and threads park). go is left out with a note
 * when no go toolchain is found. For each
 * workload, repetition r runs every implementation once, in an order rotated by r, so that machine
 * noise and JIT drift spread over all of them instead of favouring whoever runs last. Each
 * repetition runs on a watchdog thread ({@link TimedRun}): a hung or failing implementation is
 * reported as an error and skipped, the others go on. The first {@code --warmup} repetitions warm
 * the JIT; the {@link Comparison} reports medians of the rest, with their spread, ratios against
 * spindle and ties within the spread ({@link Verdict}), a legend ({@link Tables#legend}), and
 * the Spindle runtimes' scheduler counters per workload ({@link StatsDelta}). Outputs: a table on
 * stdout, and in {@code --out}: results.txt (every result line), compare.csv, compare.md,
 * compare.png ({@link ChartReport}). With {@code --fork}, each workload and implementation runs
 * in its own JVM instead ({@link ForkedRuns}): slower, but no implementation's JIT profile or
 * left-over threads affect another's numbers.
 */
public final class Compare {
    private Compare() {
    }

    public static int main(Args a) throws Exception {
        boolean quick = a.flag("quick");
        List<Workload> workloads = a.getList("workloads", Workloads.ALL.stream().map(Workload::name).toList())
                .stream().map(Workloads::byName).toList();
        List<String> requested = a.getList("impls", Impls.NAMES);
        List<String> implNames = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : requested) {
            if (!Impls.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + Impls.NAMES);
            }
            Optional<String> why = Impls.unavailable(name);
            if (why.isPresent()) {
                notes.add(name + ": skipped: " + why.get());
                System.err.println("compare: " + name + " skipped: " + why.get());
            } else {
                implNames.add(name);
            }
        }
        if (implNames.isEmpty()) {
            throw new IllegalArgumentException("no implementation left to run: " + notes);
        }
        int reps = a.getInt("reps", quick ? 4 : 5);
        int warmup = a.getInt("warmup", 1);
        long timeoutMs = a.getLong("timeout-s", quick ? 30 : 120) * 1000;
        Path out = Path.of(a.get("out", "bench/target/compare"));
        int carriers = a.getInt("carriers", Impls.defaultCarriers());
        String command = "compare " + String.join(" ", a.raw());
        if (a.flag("fork")) {
            command += " (forked: one JVM per workload and impl)";
        }

        Comparison cmp = new Comparison(implNames, command, reps, warmup, carriers);
        cmp.notes.addAll(notes);
        System.err.println("compare: " + cmp.start.line() + "; Spindle carriers " + carriers + "; " + implNames);
        Plan plan = new Plan(workloads, implNames, quick, reps, warmup, timeoutMs, carriers);
        long start = System.nanoTime();
        if (a.flag("fork")) {
            ForkedRuns.run(plan, cmp);
        } else {
            InProcessRuns.run(plan, cmp);
        }
        cmp.end = Machine.detect();
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
}
