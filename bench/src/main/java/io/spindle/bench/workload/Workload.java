package io.spindle.bench.workload;

import io.spindle.bench.impl.Impl;

/**
 * One benchmark workload (docs/benchmarks.md: Workloads), written once against {@link Impl}. {@link #run} does the work once,
 * checks its own result (throwing {@link WrongResultException} on a wrong sum or a lost message)
 * and returns what it did; the caller times it.
 */
public interface Workload {
    String name();

    /** The default size of the workloads table (or ours where it gives none). */
    long defaultN();

    /** The size used by {@code compare --quick}. */
    long quickN();

    /** A size for tests: small but still exercising every code path. */
    long tinyN();

    /** Runs once with size {@code n}; returns the operation count and, for {@code parked}, bytes per task. */
    Outcome run(Impl impl, long n) throws Exception;

    /**
     * @param ops          operations done (the ns_per_op divisor)
     * @param bytesPerTask heap bytes per parked task, or -1 when not measured
     */
    record Outcome(long ops, long bytesPerTask) {
        public static Outcome ops(long ops) {
            return new Outcome(ops, -1);
        }
    }

    /** Throws {@link WrongResultException} unless {@code actual == expected}. */
    static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new WrongResultException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
