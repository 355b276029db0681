package io.spindle.bench.chan;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * loom-juc's channels: {@link SynchronousQueue} (unbuffered), {@link ArrayBlockingQueue} (buffered),
 * {@link CountDownLatch}. java.util.concurrent has no select: {@link #selector} merges the channels
 * with one forwarding task per channel (the usual Java idiom), which costs an extra hand-off.
 */
public final class JucChannels implements ChannelFamily {
    private final ThreadFactory forwarders;

    /** @param forwarders makes the tasks that forward into a merged queue for {@link #selector}. */
    public JucChannels(ThreadFactory forwarders) {
        this.forwarders = forwarders;
    }

    @Override
    public <T> BenchChannel<T> unbuffered() {
        return new JucChannel<>(new SynchronousQueue<>());
    }

    @Override
    public <T> BenchChannel<T> buffered(int capacity) {
        return new JucChannel<>(new ArrayBlockingQueue<>(capacity));
    }

    @Override
    public <T> BenchSelector<T> selector(List<BenchChannel<T>> channels) {
        return new ForwardingSelector<>(channels, forwarders);
    }

    @Override
    public BenchLatch latch(long count) {
        return new JucLatch(count);
    }

    /** A blocking queue as a channel. */
    record JucChannel<T>(BlockingQueue<T> queue) implements BenchChannel<T> {
        @Override
        public void send(T value) {
            try {
                queue.put(value);
            } catch (InterruptedException e) {
                throw new BenchInterruptedException(e);
            }
        }

        @Override
        public T receive() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new BenchInterruptedException(e);
            }
        }
    }
}
