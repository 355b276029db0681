package io.spindle.bench.chan;

import java.util.List;

/**
 * The channels of the spindle and loom-spindle implementations.
 *
 * <p><b>PROVISIONAL</b>: until {@code io.spindle.channels} merges, this file uses the minimal
 * {@link ProvisionalSpindleChannel} / {@link ProvisionalSpindleSelector} / {@link ProvisionalSpindleLatch}
 * built on {@code Strand} park/unpark. The swap to the real Channel, Select and WaitGroup is one
 * file: replace this file with {@code bench/swap/SpindleChannels.java} (then delete the
 * Provisional* classes). Results say which one ran through {@link #KIND}.
 */
public final class SpindleChannels implements ChannelFamily {
    /** Which Spindle channels the bench runs on; printed in compare reports. */
    public static final String KIND = "provisional";

    @Override
    public <T> BenchChannel<T> unbuffered() {
        return new ProvisionalSpindleChannel<>(0);
    }

    @Override
    public <T> BenchChannel<T> buffered(int capacity) {
        return new ProvisionalSpindleChannel<>(capacity);
    }

    @Override
    public <T> BenchSelector<T> selector(List<BenchChannel<T>> channels) {
        return new ProvisionalSpindleSelector<>(channels);
    }

    @Override
    public BenchLatch latch(long count) {
        return new ProvisionalSpindleLatch(count);
    }
}
