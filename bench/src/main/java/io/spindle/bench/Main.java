package io.spindle.bench;

import io.spindle.bench.compare.Compare;
import io.spindle.bench.compare.StatsDelta;
import io.spindle.bench.go.GoUnavailableException;
import io.spindle.bench.impl.ImplRunner;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.latency.Latency;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Entry point of {@code bench/target/spindle-bench.jar} (see docs/benchmarks.md):
 * <pre>
 *   WORKLOAD --impl IMPL [--n N] [--reps R] [--warmup W] [--carriers C] [--stats]
 *   compare [--quick] [--fork] [--workloads a,b] [--impls x,y] [--reps R] [--out DIR]
 *   latency [--impls x,y] [--n N]
 * </pre>
 * {@code --help} works on every command. Result lines go to stdout in the fixed result-line format
 * (see Result); progress, medians and stats to stderr.
 */
public final class Main {
    private static final String JAR = "java -jar bench/target/spindle-bench.jar";
    private static final String USAGE = """
            usage: %1$s COMMAND [options]      (COMMAND --help for its options)
              WORKLOAD --impl IMPL [--n N] [--reps R] [--warmup W] [--carriers C] [--stats] [--hang-dump-s S]
                  one workload on one implementation; one result line per repetition,
                  then (stderr) the median of the repetitions after the warm-up ones (default 1)
              compare [--quick] [--fork] [--workloads a,b] [--impls x,y] [--reps R] [--out DIR] ...
                  every workload on every implementation: a table with ties marked, its legend,
                  CSV, Markdown and a PNG chart (default --out bench/target/compare)
              latency [--impls x,y] [--n N] [--carriers C] [--out DIR]
                  HdrHistogram round-trip and wake-up latency (p50, p99, p99.9, max)
              help [COMMAND]
              net [--proto echo|http] [--impls spindle,loom,loom-spindle,spindle-blocking] [--conns 100,1000,10000]
                  [--seconds S] [--warmup-s W] [--carriers C]
                  socket servers in this JVM under load from another process (echo client JVM, or wrk)
            workloads: %2$s
            impls:     %3$s
            """;
    private static final String WORKLOAD_HELP = """
            usage: %1$s WORKLOAD --impl IMPL [options]
              Runs one workload on one implementation in this JVM: one result line per repetition on
              stdout (workload=NAME impl=IMPL ops=N total_ms=T ns_per_op=X, or bytes_per_task=B for
              parked), then on stderr the median of the repetitions after the warm-up ones.
            options:
              --impl IMPL        required; one of %3$s
                                 (go runs bench/go's program, built once with the local go toolchain)
              --n N              size (default: the workload's, below)
              --reps R           repetitions (default 5)
              --warmup W         leading repetitions left out of the median (default 1)
              --carriers C       Spindle carriers, GOMAXPROCS for go, the kotlin dispatcher's threads
                                 (default: the available processors, %4$d here)
              --stats            print the Spindle runtime's scheduler counters at the end (spindle, loom-spindle)
              --stats-line       print the counters over the measured reps as one '# stats' line (used by compare --fork)
              --hang-dump-s S    after S seconds, print what the Spindle runtime's fibers are doing
            workloads (default n): %2$s
            """;
    private static final String COMPARE_HELP = """
            usage: %1$s compare [options]
              Every workload on every implementation. In one JVM (the default), repetition r of every
              implementation runs before repetition r+1, in an order rotated each time; each repetition
              has a watchdog. Prints a table of medians with each implementation's run-to-run spread,
              its ratio to spindle and ties marked, explains the implementations and columns under it,
              and writes results.txt, compare.csv, compare.md and compare.png to --out.
            options:
              --quick            smaller sizes, 4 reps (default: full sizes, 5 reps)
              --workloads a,b    workloads to run (default: all: %2$s)
              --impls x,y        implementations (default: all: %3$s);
                                 go is skipped with a one-line note when no go toolchain is found
              --reps R           repetitions per workload and implementation (default 5, --quick 4)
              --warmup W         leading repetitions not measured (default 1)
              --carriers C       Spindle carriers, GOMAXPROCS for go, the kotlin dispatcher's threads
                                 (default: the available processors, %4$d here)
              --timeout-s S      watchdog per repetition (default 120, --quick 30)
              --fork             one JVM per workload and implementation instead of one for all
              --out DIR          report directory (default bench/target/compare)
              --no-chart         do not draw compare.png
            """;
    private static final String LATENCY_HELP = """
            usage: %1$s latency [options]
              HdrHistogram distributions of the ping-pong round trip and of the wake-up latency after
              send and after unpark: p50, p99, p99.9 and max in microseconds, one warm-up pass and one
              measured pass per probe; also written to --out/latency.md.
            options:
              --impls x,y        task implementations (default: all: %2$s; kotlin and go have no task API)
              --n N              round-trip samples; wake-up probes take N/4 (default 100000)
              --carriers C       Spindle carriers (default: the available processors, %3$d here)
              --out DIR          report directory (default bench/target/latency)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(usage());
            return;
        }
        if (args[0].equals("help") || Args.wantsHelp(args)) {
            String command = args[0].equals("help") ? (args.length > 1 ? args[1] : null) : args[0];
            if (command == null) {
                System.out.print(usage());
            } else if (isCommand(command)) {
                System.out.print(help(command));
            } else {
                System.err.println("spindle-bench: unknown command '" + command + "'");
                System.err.print(usage());
                System.exit(2);
            }
            return;
        }
        int rc;
        try {
            rc = switch (args[0]) {
                case "compare" -> Compare.main(new Args(args, List.of("quick", "no-chart", "fork"),
                        List.of("workloads", "impls", "reps", "warmup", "carriers", "timeout-s", "out")));
                case "latency" -> Latency.main(new Args(args, List.of(), List.of("impls", "n", "carriers", "out")));
                case "net" -> io.spindle.bench.net.NetBench.main(args); // net (issue 12): the server benchmark
                default -> single(new Args(args, List.of("stats", "stats-line"),
                        List.of("impl", "n", "reps", "warmup", "carriers", "hang-dump-s")));
            };
        } catch (IllegalArgumentException e) {
            System.err.println("spindle-bench: " + e.getMessage());
            System.err.print(usage());
            rc = 2;
        } catch (GoUnavailableException e) {
            System.err.println("spindle-bench: go: " + e.getMessage());
            rc = 2;
        }
        System.exit(rc);
    }

    /** The general usage text. */
    public static String usage() {
        return String.format(USAGE, JAR, Workloads.ALL.stream().map(Workload::name).toList(), Impls.NAMES);
    }

    /** True for compare, latency and the workload names. */
    static boolean isCommand(String word) {
        return word.equals("compare") || word.equals("latency")
                || Workloads.ALL.stream().anyMatch(w -> w.name().equals(word));
    }

    /** The help of one command (a workload name for the single-workload command). */
    public static String help(String command) {
        int cores = Impls.defaultCarriers();
        return switch (command) {
            case "compare" -> String.format(COMPARE_HELP, JAR, Workloads.ALL.stream().map(Workload::name).toList(),
                    Impls.NAMES, cores);
            case "latency" -> String.format(LATENCY_HELP, JAR, Impls.TASK_NAMES, cores);
            default -> {
                if (!isCommand(command)) {
                    throw new IllegalArgumentException("unknown command '" + command + "'");
                }
                yield String.format(WORKLOAD_HELP, JAR, Workloads.ALL.stream()
                        .map(w -> w.name() + " " + w.defaultN()).collect(Collectors.joining(", ")), Impls.NAMES, cores);
            }
        };
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
        try (ImplRunner impl = Impls.runner(implName, a.getInt("carriers", Impls.defaultCarriers()))) {
            List<Result> results = new ArrayList<>();
            Runtime rt = impl.spindleRuntime();
            long hangS = a.getLong("hang-dump-s", 0);
            if (hangS > 0) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(hangS * 1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    HangDump.print(impl.name(), rt, System.err);
                });
            }
            RuntimeStats measuredFrom = null;
            for (int r = 0; r < reps; r++) {
                if (r == Math.min(warmup, reps - 1) && rt != null) {
                    measuredFrom = rt.stats();
                }
                Result res = impl.runOnce(w, n);
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
