package io.spindle.bench.chan;

/** A count-down latch / wait group: {@link #await()} waits until {@link #countDown()} ran count times. */
public interface BenchLatch {
    void countDown();

    void await();
}
