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

    public static void print(Impl impl, PrintStream out) {
        Runtime rt = impl.spindleRuntime();
        if (rt == null) {
            return;
        }
        out.println("== " + impl.name() + ": " + rt.stats());
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
