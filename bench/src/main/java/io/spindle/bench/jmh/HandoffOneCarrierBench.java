package io.spindle.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** Park/unpark hand-off between two tasks on a single carrier, ns per hand-off. */
@Fork(value = 1, jvmArgsAppend = {JmhFlags.EXPORTS, JmhFlags.OPENS, "-Djdk.virtualThreadScheduler.parallelism=1"})
public class HandoffOneCarrierBench extends JmhDefaults {
    @Benchmark
    @OperationsPerInvocation(2 * HandoffBench.HANDOFFS)
    public long handoffOneCarrier(OneCarrierState s) throws Exception {
        return Batches.handoff(s.instance, HandoffBench.HANDOFFS);
    }
}
