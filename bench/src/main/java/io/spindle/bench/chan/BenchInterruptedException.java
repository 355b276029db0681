package io.spindle.bench.chan;

/** An interrupt while a Loom-side channel operation waited; the interrupt status is set again. */
public final class BenchInterruptedException extends RuntimeException {
    public BenchInterruptedException(InterruptedException cause) {
        super(cause);
        Thread.currentThread().interrupt();
    }
}
