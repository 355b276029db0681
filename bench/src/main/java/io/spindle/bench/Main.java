package io.spindle.bench;

import io.spindle.bench.compare.Compare;
import io.spindle.bench.compare.StatsDelta;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.latency.Latency;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code bench/target/spindle-bench.jar} (see docs/benchmarks.md):
 * <pre>
 *   WORKLOAD --impl IMPL [--n N] [--reps R] [--warmup W] [--carriers C] [--stats]
 *   compare [--quick] [--fork] [--workloads a,b] [--impls x,y] [--reps R] [--out DIR]
 *   latency [--impls x,y] [--n N]
 * </pre>
 * Result lines go to stdout in the fixed result-line format (see Result); progress, medians and stats to stderr.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar bench/target/spindle-bench.jar COMMAND
              WORKLOAD --impl IMPL [--n N] [--reps R] [--warmup W] [--carriers C] [--stats] [--hang-dump-s S]
                  one workload on one implementation; one result line per repetition,
                  then (stderr) the median of the repetitions after the warm-up ones (default 1)
              compare [--quick] [--fork] [--workloads a,b] [--impls x,y] [--reps R] [--out DIR]
                  every workload on every implementation, table + CSV + Markdown + PNG chart
                  (default --out bench/target/compare; --fork: one JVM per workload and impl)
              latency [--impls x,y] [--n N] [--reps R]
                  HdrHistogram round-trip and wake-up latency (p50, p99, p99.9, max)
            workloads: %s
            impls:     %s
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(usage());
            return;
        }
        int rc;
        try {
            rc = switch (args[0]) {
                case "compare" -> Compare.main(new Args(args, List.of("quick", "no-chart", "fork")));
                case "latency" -> Latency.main(new Args(args, List.of()));
                default -> single(new Args(args, List.of("stats", "stats-line")));
            };
        } catch (IllegalArgumentException e) {
            System.err.println("spindle-bench: " + e.getMessage());
            System.err.print(usage());
            rc = 2;
        }
        System.exit(rc);
    }

    private static String usage() {
        return String.format(USAGE, Workloads.ALL.stream().map(Workload::name).toList(), Impls.NAMES);
    }

    private static int single(Args a) throws Exception {
        Workload w = Workloads.byName(a.positional().get(0));
        String implName = a.get("impl", null);
        if (implName == null) {
            throw new IllegalArgumentException("--impl is required");
        }
        long n = a.getLong("n", w.defaultN());
        int reps = a.getInt("reps", 5);
        int warmup = a.getInt("warmup", 1);
        try (Impl impl = Impls.create(implName, a.getInt("carriers", Impls.defaultCarriers()))) {
            List<Result> results = new ArrayList<>();
            long hangS = a.getLong("hang-dump-s", 0);
            if (hangS > 0) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(hangS * 1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    HangDump.print(impl, System.err);
                });
            }
            Runtime rt = impl.spindleRuntime();
            RuntimeStats measuredFrom = null;
            for (int r = 0; r < reps; r++) {
                if (r == Math.min(warmup, reps - 1) && rt != null) {
                    measuredFrom = rt.stats();
                }
                Result res = Runner.once(w, impl, n);
                results.add(res);
                System.out.println(res.line());
            }
            Result med = Runner.median(results, warmup);
            System.err.printf(Locale.ROOT, "median of reps %d..%d: %s%n", Math.min(warmup, reps - 1) + 1, reps,
                    med.line());
            if (a.flag("stats") && rt != null) {
                System.err.print(rt.stats());
            }
            if (a.flag("stats-line") && rt != null) {
                System.out.println(StatsDelta.between(measuredFrom, rt.stats()).line());
            }
        }
        return 0;
    }
}
