package io.spindle.bench.jmh;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.chan.BenchSelector;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Channel primitives per implementation, ns per message: unbuffered and buffered (capacity 64)
 * send/receive between one producer and one consumer, and a consumer selecting over 1, 2 or 4
 * channels with one producer each (loom-juc has no select: it merges through forwarding tasks).
 */
public class ChannelBench extends JmhDefaults {
    static final int MESSAGES = 10_000;

    /** The number of select clauses. */
    @State(Scope.Thread)
    public static class Clauses {
        @Param({"1", "2", "4"})
        public int clauses;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long unbuffered(ImplState s) throws Exception {
        return Batches.stream(s.instance, s.instance.channels().unbuffered(), MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long buffered(ImplState s) throws Exception {
        return Batches.stream(s.instance, s.instance.channels().buffered(64), MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long select(ImplState s, Clauses c) throws Exception {
        int per = MESSAGES / c.clauses;
        return s.instance.run(() -> {
            List<BenchChannel<Integer>> chans = new ArrayList<>();
            for (int k = 0; k < c.clauses; k++) {
                BenchChannel<Integer> ch = s.instance.channels().unbuffered();
                chans.add(ch);
                s.instance.spawn(() -> {
                    for (int i = 0; i < per; i++) {
                        ch.send(i & 0x7F);
                    }
                });
            }
            long sum = 0;
            try (BenchSelector<Integer> any = s.instance.channels().selector(chans)) {
                for (int i = 0; i < per * c.clauses; i++) {
                    sum += any.receive();
                }
            }
            return sum;
        });
    }
}
