package io.spindle.bench.compare;

import io.spindle.bench.workload.Workload;
import java.util.List;
import java.util.Locale;

/** What a compare run does, and its progress line on stderr. */
record Plan(List<Workload> workloads, List<String> impls, boolean quick, int reps, int warmup, long timeoutMs,
            int carriers) {

    long size(Workload w) {
        return quick ? w.quickN() : w.defaultN();
    }

    static void progress(String step, long startNanos, String workload, String impl, String what) {
        System.err.printf(Locale.ROOT, "[%s %5.1fs] %-9s %-13s %s%n", step, (System.nanoTime() - startNanos) / 1e9,
                workload, impl, what);
    }
}
