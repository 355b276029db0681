package io.spindle.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Park/unpark hand-off between two tasks, ns per hand-off, on a scheduler with one carrier per
 * core (the scheduler chooses where the pair runs: Spindle's runnext keeps it on one carrier,
 * Loom's ForkJoinPool spreads it; compare with {@link HandoffOneCarrierBench}).
 */
public class HandoffBench extends JmhDefaults {
    static final int HANDOFFS = 10_000;

    @Benchmark
    @OperationsPerInvocation(2 * HANDOFFS)
    public long handoffAcrossCarriers(ParkImplState s) throws Exception {
        return Batches.handoff(s.instance, HANDOFFS);
    }
}
