package io.spindle.bench.chan;

/**
 * Go's {@code select} over the receive sides of a fixed set of channels: each {@link #receive()}
 * takes one value from whichever channel is ready. {@link #close()} releases helper tasks, if any.
 *
 * @param <T> element type
 */
public interface BenchSelector<T> extends AutoCloseable {
    /** Receives one value from any of the channels, waiting until one is ready. */
    T receive();

    @Override
    void close();
}
