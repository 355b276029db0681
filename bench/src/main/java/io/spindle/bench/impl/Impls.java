package io.spindle.bench.impl;

import io.spindle.bench.chan.JoxChannels;
import io.spindle.bench.chan.JucChannels;
import io.spindle.bench.chan.SpindleChannels;
import io.spindle.bench.go.GoImpl;
import io.spindle.bench.go.GoToolchain;
import io.spindle.bench.kotlin.KotlinImpl;
import io.spindle.runtime.Runtime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/** The implementations (docs/benchmarks.md: Implementations) by name. */
public final class Impls {
    /** All implementations, in report order. */
    public static final List<String> NAMES = List.of("spindle", "loom-juc", "loom-jox", "loom-spindle", "kotlin", "go");

    /**
     * The implementations made of tasks and channels ({@link Impl}), which run the workloads' shared
     * Java bodies; latency and JMH use only these. kotlin and go have their own workload code.
     */
    public static final List<String> TASK_NAMES = List.of("spindle", "loom-juc", "loom-jox", "loom-spindle");

    private Impls() {
    }

    /**
     * Creates a task implementation (one of {@link #TASK_NAMES}). {@code carriers} sizes the Spindle
     * runtime (spindle, loom-spindle); Loom's default scheduler takes its size from
     * {@code -Djdk.virtualThreadScheduler.parallelism} (default: available processors).
     */
    public static Impl create(String name, int carriers) {
        return switch (name) {
            case "spindle" -> new SpindleImpl(carriers);
            case "loom-juc" -> {
                ThreadFactory vts = Thread.ofVirtual().factory();
                yield new VirtualThreadImpl(name, vts, new JucChannels(vts), null);
            }
            case "loom-jox" -> new VirtualThreadImpl(name, Thread.ofVirtual().factory(), new JoxChannels(), null);
            case "loom-spindle" -> {
                Runtime rt = Runtime.builder().carriers(carriers).name("bench-loom-spindle").build();
                yield new VirtualThreadImpl(name, rt.virtualThreadBuilder().factory(), new SpindleChannels(), rt);
            }
            case "kotlin", "go" -> throw new IllegalArgumentException("'" + name + "' runs its own workload code and "
                    + "has no task API (latency and JMH take one of " + TASK_NAMES + ")");
            default -> throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + TASK_NAMES);
        };
    }

    /**
     * Creates any implementation of {@link #NAMES} as something the harness can time workloads on.
     * go builds its program first (once per source version) and throws
     * {@link io.spindle.bench.go.GoUnavailableException} when there is no go toolchain.
     */
    public static ImplRunner runner(String name, int carriers) {
        return switch (name) {
            case "kotlin" -> new KotlinImpl(carriers);
            case "go" -> new GoImpl(carriers);
            default -> {
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + NAMES);
                }
                yield ImplRunner.of(create(name, carriers));
            }
        };
    }

    /** Why {@code name} cannot run on this machine, if it cannot (go without a toolchain). */
    public static Optional<String> unavailable(String name) {
        return name.equals("go") && GoToolchain.find().isEmpty() ? Optional.of(GoToolchain.MISSING) : Optional.empty();
    }

    /** One line on what {@code name} is, with the sizes it runs with here (compare's legend). */
    public static String describe(String name, int carriers) {
        return switch (name) {
            case "spindle" -> "Spindle fibers on a Spindle runtime (" + carriers + " carriers), Spindle channels and "
                    + "select (" + SpindleChannels.KIND + "), WaitGroup";
            case "loom-juc" -> "JDK virtual threads on the JDK's default ForkJoinPool scheduler (parallelism "
                    + loomParallelism() + "), SynchronousQueue / ArrayBlockingQueue, CountDownLatch; no select: "
                    + "fanin forwards each channel through a virtual thread into one queue";
            case "loom-jox" -> "JDK virtual threads on the JDK's default scheduler (parallelism " + loomParallelism()
                    + "), jox channels and select, CountDownLatch";
            case "loom-spindle" -> "JDK virtual threads on Spindle's scheduler (Runtime.virtualThreadBuilder, "
                    + carriers + " carriers), Spindle channels (their thread-side path)";
            case "kotlin" -> KotlinImpl.describe(carriers);
            case "go" -> GoImpl.describe(carriers);
            default -> throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + NAMES);
        };
    }

    /** Carriers by default: one per available processor, like both schedulers' defaults. */
    public static int defaultCarriers() {
        return java.lang.Runtime.getRuntime().availableProcessors();
    }

    private static int loomParallelism() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return p != null ? Integer.parseInt(p) : java.lang.Runtime.getRuntime().availableProcessors();
    }
}
