package io.spindle.bench;

import io.spindle.bench.impl.Impl;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** Prints what a Spindle runtime's fibers are doing, for a repetition that did not finish in time. */
public final class HangDump {
    private HangDump() {
    }

    /** Prints what {@code impl}'s Spindle runtime's fibers are doing (nothing for Loom's scheduler). */
    public static void print(Impl impl, PrintStream out) {
        print(impl.name(), impl.spindleRuntime(), out);
    }

    /** Prints {@code rt}'s fibers (nothing when {@code rt} is null: not a Spindle-driven implementation). */
    public static void print(String implName, Runtime rt, PrintStream out) {
        if (rt == null) {
            return;
        }
        out.println("== " + implName + ": " + rt.stats());
        Map<String, Integer> byState = new TreeMap<>();
        int shown = 0;
        for (Fiber<?> f : rt.fibers()) {
            String key = f.stateName() + " on " + (f.blocker() == null ? "-" : f.blocker().getClass().getSimpleName());
            byState.merge(key, 1, Integer::sum);
            if (shown++ < 5) {
                out.println(f + " " + f.stateName() + " blocker=" + f.blocker());
                for (StackTraceElement e : f.stackTrace()) {
                    out.println("    at " + e);
                }
            }
        }
        out.println("fibers by state and blocker: " + byState);
    }
}
