package io.spindle.bench.chan;

import io.spindle.runtime.Strand;
import java.util.ArrayDeque;

/**
 * PROVISIONAL, TO BE REPLACED by {@code io.spindle.channels.Channel} once the channels module
 * merges (see {@link SpindleChannels}: swapping that one file switches the bench over).
 *
 * <p>A minimal Go-style channel built only on the runtime's public {@link Strand} park/unpark API,
 * so that the spindle and loom-spindle implementations run end to end before the real channels
 * exist: a monitor-protected buffer plus FIFO queues of waiting senders and receivers
 * ({@link ProvisionalWaiter}); a counterpart hands the value over directly and wakes the waiter
 * after leaving the monitor (never wake while holding a channel lock). No close, no send-select,
 * no cancellation clean-up beyond what the workloads need. Works in fibers and in (virtual)
 * threads alike because {@link Strand} does.
 */
final class ProvisionalSpindleChannel<T> implements BenchChannel<T> {
    private final int capacity;
    private final ArrayDeque<T> buffer;                                  // guarded by this
    private final ArrayDeque<ProvisionalWaiter> receivers = new ArrayDeque<>(); // guarded by this
    private final ArrayDeque<ProvisionalWaiter> senders = new ArrayDeque<>();   // guarded by this

    ProvisionalSpindleChannel(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0: " + capacity);
        }
        this.capacity = capacity;
        this.buffer = capacity > 0 ? new ArrayDeque<>(Math.min(capacity, 1024)) : null;
    }

    @Override
    public void send(T value) {
        ProvisionalWaiter wake = null;
        ProvisionalWaiter mine;
        synchronized (this) {
            ProvisionalWaiter r;
            while ((r = receivers.poll()) != null) {
                if (r.claim()) {
                    r.item = value;
                    wake = r;
                    break;
                }
            }
            if (wake == null) {
                if (buffer != null && buffer.size() < capacity) {
                    buffer.add(value);
                    return;
                }
                mine = new ProvisionalWaiter(Strand.current(), value);
                senders.add(mine);
            } else {
                mine = null;
            }
        }
        if (wake != null) {
            wake.complete();
            return;
        }
        mine.await(this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        ProvisionalWaiter mine = new ProvisionalWaiter(Strand.current(), null);
        if (enlist(mine)) {
            return (T) mine.item;
        }
        mine.await(this);
        return (T) mine.item;
    }

    /**
     * Receives into {@code w} if a value is ready and {@code w} can still be claimed, else queues
     * {@code w} as a receiver. Returns true when {@code w} is completed (by this call or earlier).
     */
    boolean enlist(ProvisionalWaiter w) {
        ProvisionalWaiter wakeSender = null;
        synchronized (this) {
            if (buffer != null && !buffer.isEmpty()) {
                if (!w.claim()) {
                    return true;
                }
                w.item = buffer.poll();
                w.markDone();
                ProvisionalWaiter s = pollClaimable(senders);
                if (s != null) {
                    buffer.add(uncheckedItem(s));
                    wakeSender = s;
                }
            } else {
                ProvisionalWaiter s = peekClaimable(senders);
                if (s == null) {
                    if (w.isClaimed()) {
                        return true;
                    }
                    receivers.add(w);
                    return false;
                }
                if (!w.claim()) {
                    return true;
                }
                s.claim(); // senders are never shared, so this always succeeds after peekClaimable
                senders.poll();
                w.item = s.item;
                w.markDone();
                wakeSender = s;
            }
        }
        if (wakeSender != null) {
            wakeSender.complete();
        }
        return true;
    }

    /** Removes a select's waiter that another channel completed. */
    synchronized void delist(ProvisionalWaiter w) {
        receivers.remove(w);
    }

    @SuppressWarnings("unchecked")
    private T uncheckedItem(ProvisionalWaiter s) {
        return (T) s.item;
    }

    private static ProvisionalWaiter pollClaimable(ArrayDeque<ProvisionalWaiter> q) {
        ProvisionalWaiter w;
        while ((w = q.poll()) != null) {
            if (w.claim()) {
                return w;
            }
        }
        return null;
    }

    private static ProvisionalWaiter peekClaimable(ArrayDeque<ProvisionalWaiter> q) {
        ProvisionalWaiter w;
        while ((w = q.peek()) != null && w.isClaimed()) {
            q.poll();
        }
        return w;
    }
}
