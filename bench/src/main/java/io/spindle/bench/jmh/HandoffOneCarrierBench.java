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

/** Park/unpark hand-off between two tasks on a single carrier, ns per hand-off. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.EXPORTS, JmhFlags.OPENS, JmhFlags.JIT_1, JmhFlags.JIT_2, JmhFlags.JIT_3,
        JmhFlags.JIT_4, JmhFlags.JIT_5, JmhFlags.NO_WORKAROUND, "-Djdk.virtualThreadScheduler.parallelism=1"})
public class HandoffOneCarrierBench {
    @Benchmark
    @OperationsPerInvocation(2 * HandoffBench.HANDOFFS)
    public long handoffOneCarrier(OneCarrierState s) throws Exception {
        return Batches.handoff(s.instance, HandoffBench.HANDOFFS);
    }
}
