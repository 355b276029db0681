package io.spindle.bench.chan;

import java.util.List;

/** One implementation's channels, select and wait group (see docs/benchmarks.md: Implementations). */
public interface ChannelFamily {
    /** A rendezvous channel (Go: {@code make(chan T)}). */
    <T> BenchChannel<T> unbuffered();

    /** A channel with {@code capacity >= 1} slots. */
    <T> BenchChannel<T> buffered(int capacity);

    /** A select over the receive sides of {@code channels} (all made by this family). */
    <T> BenchSelector<T> selector(List<BenchChannel<T>> channels);

    /** A latch that opens after {@code count} count-downs. */
    BenchLatch latch(long count);
}
