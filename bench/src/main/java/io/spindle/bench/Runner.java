package io.spindle.bench;

import io.spindle.bench.impl.Impl;
import io.spindle.bench.workload.Workload;
import java.util.Arrays;
import java.util.List;

/** Runs and times one repetition of a workload, and takes medians. */
public final class Runner {
    private Runner() {
    }

    /** One timed repetition; a failed self-check propagates as an exception. */
    public static Result once(Workload w, Impl impl, long n) throws Exception {
        long t0 = System.nanoTime();
        Workload.Outcome o = w.run(impl, n);
        long t1 = System.nanoTime();
        return new Result(w.name(), impl.name(), o.ops(), (t1 - t0) / 1e6, o.bytesPerTask());
    }

    /** The median of {@code results} after the first {@code warmup} (all of them if fewer remain). */
    public static Result median(List<Result> results, int warmup) {
        List<Result> measured = results.size() > warmup ? results.subList(warmup, results.size()) : results;
        Result[] sorted = measured.toArray(Result[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.value(), b.value()));
        int k = sorted.length;
        if (k % 2 == 1) {
            return sorted[k / 2];
        }
        Result lo = sorted[k / 2 - 1];
        Result hi = sorted[k / 2];
        return new Result(lo.workload(), lo.impl(), lo.ops(), (lo.totalMs() + hi.totalMs()) / 2,
                lo.measuresMemory() ? (lo.bytesPerTask() + hi.bytesPerTask()) / 2 : -1);
    }
}
