package io.spindle.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Task primitives per implementation: spawn (+ wait-group count-down), yield, and steal (a task
 * spawns a batch of CPU-bound tasks onto its own queue; the other carriers must steal to help).
 */
public class TaskBench extends JmhDefaults {
    static final int BATCH = 1_000;
    static final int YIELDS = 10_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long spawn(ImplState s) throws Exception {
        return Batches.spawn(s.instance, BATCH, 0);
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public long yield(ParkImplState s) throws Exception {
        return Batches.yields(s.instance, YIELDS);
    }

    /** ns per task of about 1 us of work each; the ideal on C cores is about 1/C of the work per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long steal(ImplState s) throws Exception {
        return Batches.spawn(s.instance, BATCH, 2_000);
    }
}
