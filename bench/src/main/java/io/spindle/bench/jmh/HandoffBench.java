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
 * Park/unpark hand-off between two tasks, ns per hand-off, on a scheduler with one carrier per
 * core (the scheduler chooses where the pair runs: Spindle's runnext keeps it on one carrier,
 * Loom's ForkJoinPool spreads it; compare with {@link HandoffOneCarrierBench}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.EXPORTS, JmhFlags.OPENS, JmhFlags.JIT_1, JmhFlags.JIT_2, JmhFlags.JIT_3,
        JmhFlags.JIT_4, JmhFlags.JIT_5, JmhFlags.NO_WORKAROUND})
public class HandoffBench {
    static final int HANDOFFS = 10_000;

    @Benchmark
    @OperationsPerInvocation(2 * HANDOFFS)
    public long handoffAcrossCarriers(ParkImplState s) throws Exception {
        return Batches.handoff(s.instance, HANDOFFS);
    }
}
