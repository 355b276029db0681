package io.spindle.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Task primitives per implementation: spawn (+ wait-group count-down), yield, and steal (a task
 * spawns a batch of CPU-bound tasks onto its own queue; the other carriers must steal to help).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.EXPORTS, JmhFlags.OPENS, JmhFlags.JIT_1, JmhFlags.JIT_2, JmhFlags.JIT_3,
        JmhFlags.JIT_4, JmhFlags.JIT_5, JmhFlags.NO_WORKAROUND})
public class TaskBench {
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

    /** ns per task of about 1 us of work each; the ideal on 2 cores is about half the work per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long steal(ImplState s) throws Exception {
        return Batches.spawn(s.instance, BATCH, 2_000);
    }
}
