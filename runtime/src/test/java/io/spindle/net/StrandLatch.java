package io.spindle.net;

import io.spindle.runtime.Strand;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A count-down latch for fibers and threads, built on the Strand park API (the runtime module has no channels). */
final class StrandLatch {
    private final AtomicInteger count;
    private final Queue<Strand> waiters = new ConcurrentLinkedQueue<>();

    StrandLatch(int count) {
        this.count = new AtomicInteger(count);
    }

    void countDown() {
        if (count.decrementAndGet() == 0) {
            Strand s;
            while ((s = waiters.poll()) != null) {
                s.unpark();
            }
        }
    }

    int count() {
        return Math.max(0, count.get());
    }

    void await() {
        Strand me = Strand.current();
        waiters.add(me);
        try {
            while (count.get() > 0) {
                Strand.park(this);
            }
        } finally {
            waiters.remove(me);
        }
    }
}
