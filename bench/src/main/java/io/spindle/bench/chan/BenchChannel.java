package io.spindle.bench.chan;

/**
 * The channel operations the workloads use, so that one workload body runs on every
 * implementation. Operations do not throw checked exceptions: an interrupt becomes
 * {@link BenchInterruptedException}.
 *
 * @param <T> element type
 */
public interface BenchChannel<T> {
    /** Sends {@code value}, waiting for a receiver (unbuffered) or for buffer space. */
    void send(T value);

    /** Receives a value, waiting for one. */
    T receive();
}
