package io.spindle.bench.chan;

import io.spindle.runtime.Strand;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PROVISIONAL, TO BE REPLACED by {@code io.spindle.sync.WaitGroup} (see {@link SpindleChannels}).
 * A count-down latch on {@link Strand} park/unpark.
 */
final class ProvisionalSpindleLatch implements BenchLatch {
    private final AtomicLong count;
    private final ConcurrentLinkedQueue<Strand> waiters = new ConcurrentLinkedQueue<>();

    ProvisionalSpindleLatch(long count) {
        this.count = new AtomicLong(count);
    }

    @Override
    public void countDown() {
        if (count.decrementAndGet() == 0) {
            for (Strand s : waiters) {
                s.unpark();
            }
        }
    }

    @Override
    public void await() {
        if (count.get() <= 0) {
            return;
        }
        Strand me = Strand.current();
        waiters.add(me); // published before the recheck below: see Strand's class comment
        try {
            while (count.get() > 0) {
                Strand.park(this);
            }
        } finally {
            waiters.remove(me);
        }
    }
}
