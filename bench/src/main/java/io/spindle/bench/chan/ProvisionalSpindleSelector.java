package io.spindle.bench.chan;

import io.spindle.runtime.Strand;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PROVISIONAL, TO BE REPLACED by {@code io.spindle.channels.Select} (see {@link SpindleChannels}).
 * Receive-select over {@link ProvisionalSpindleChannel}s: one waiter is enlisted in each channel,
 * starting at a random one (Go's fairness), until a value is taken or a sender claims the waiter;
 * then the waiter is removed from the other channels.
 */
final class ProvisionalSpindleSelector<T> implements BenchSelector<T> {
    private final ProvisionalSpindleChannel<?>[] channels;

    ProvisionalSpindleSelector(List<BenchChannel<T>> channels) {
        this.channels = channels.stream().map(c -> (ProvisionalSpindleChannel<?>) c)
                .toArray(ProvisionalSpindleChannel<?>[]::new);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        int n = channels.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        ProvisionalWaiter w = new ProvisionalWaiter(Strand.current(), null);
        int enlisted = 0;
        boolean done = false;
        while (enlisted < n && !done) {
            done = channels[(start + enlisted) % n].enlist(w);
            enlisted++;
        }
        w.await(this); // also when another channel's sender claimed w: wait for its item
        for (int i = 0; i < enlisted; i++) {
            channels[(start + i) % n].delist(w);
        }
        return (T) w.item;
    }

    @Override
    public void close() {
    }
}
