package io.spindle.bench.impl;

import io.spindle.bench.chan.JoxChannels;
import io.spindle.bench.chan.JucChannels;
import io.spindle.bench.chan.SpindleChannels;
import io.spindle.runtime.Runtime;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** The implementations (docs/benchmarks.md: Implementations) by name. */
public final class Impls {
    /** All implementations, in report order. */
    public static final List<String> NAMES = List.of("spindle", "loom-juc", "loom-jox", "loom-spindle");

    private Impls() {
    }

    /**
     * Creates an implementation. {@code carriers} sizes the Spindle runtime (spindle, loom-spindle);
     * Loom's default scheduler takes its size from {@code -Djdk.virtualThreadScheduler.parallelism}
     * (default: available processors).
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
            default -> throw new IllegalArgumentException("unknown impl '" + name + "'; one of " + NAMES);
        };
    }

    /** Carriers by default: one per available processor, like both schedulers' defaults. */
    public static int defaultCarriers() {
        return java.lang.Runtime.getRuntime().availableProcessors();
    }
}
