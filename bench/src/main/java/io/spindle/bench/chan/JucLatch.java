package io.spindle.bench.chan;

import java.util.concurrent.CountDownLatch;

/** {@link CountDownLatch} as a {@link BenchLatch} (the Loom-side wait group). */
final class JucLatch implements BenchLatch {
    private final CountDownLatch latch;

    JucLatch(long count) {
        this.latch = new CountDownLatch(Math.toIntExact(count));
    }

    @Override
    public void countDown() {
        latch.countDown();
    }

    @Override
    public void await() {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new BenchInterruptedException(e);
        }
    }
}
