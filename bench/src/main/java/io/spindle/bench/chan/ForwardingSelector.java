package io.spindle.bench.chan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Select without a select primitive: one task per channel forwards its values into one merged
 * {@link SynchronousQueue}; {@link #receive()} takes from that. {@link #close()} interrupts the
 * forwarders. Used by loom-juc, whose queues have no select.
 */
final class ForwardingSelector<T> implements BenchSelector<T> {
    private final SynchronousQueue<T> merged = new SynchronousQueue<>();
    private final List<Thread> forwarders = new ArrayList<>();

    ForwardingSelector(List<BenchChannel<T>> channels, ThreadFactory factory) {
        for (BenchChannel<T> ch : channels) {
            Thread t = factory.newThread(() -> forward(ch));
            forwarders.add(t);
            t.start();
        }
    }

    private void forward(BenchChannel<T> ch) {
        try {
            while (true) {
                merged.put(ch.receive());
            }
        } catch (InterruptedException | BenchInterruptedException e) {
            // closed
        }
    }

    @Override
    public T receive() {
        try {
            return merged.take();
        } catch (InterruptedException e) {
            throw new BenchInterruptedException(e);
        }
    }

    @Override
    public void close() {
        for (Thread t : forwarders) {
            t.interrupt();
        }
    }
}
