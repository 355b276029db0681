package io.spindle.sync;

import io.spindle.runtime.Strand;
import io.spindle.sync.internal.NodeQueue;
import io.spindle.sync.internal.SpinLock;

/**
 * The waiter queue of a sync primitive: a FIFO of {@link WaitNode}s guarded by a {@link SpinLock}.
 * Callers grant nodes under the lock and unpark after unlocking (see {@link #wakeAll}).
 */
class WaitList {
    private final SpinLock lock = new SpinLock();
    private final NodeQueue<WaitNode> queue = new NodeQueue<>();

    final void lock() {
        lock.lock();
    }

    final void unlock() {
        lock.unlock();
    }

    /** Under the lock. */
    final NodeQueue<WaitNode> queue() {
        return queue;
    }

    /** Enqueues a new node for the current strand. Under the lock. */
    final WaitNode enqueue(Strand me, int amount, boolean deferOnAbandon) {
        WaitNode n = new WaitNode(me, this, amount, deferOnAbandon);
        queue.add(n);
        return n;
    }

    /**
     * The waiter gives up (timeout, cancellation, interrupt). True if it was still queued (then it
     * is removed, or, with deferOnAbandon, marked deferred and left queued); false if it was
     * granted first.
     */
    final boolean abandon(WaitNode n) {
        lock();
        try {
            if (!n.isQueued()) {
                return false;
            }
            if (n.deferOnAbandon) {
                n.deferred = true;
            } else {
                queue.remove(n);
                onAbandoned(n);
            }
            return true;
        } finally {
            unlock();
        }
    }

    /** Hook, under the lock: a node was removed by its owner. */
    void onAbandoned(WaitNode n) {
    }

    /**
     * Grants and unlinks every queued node, under the lock; returns them as an array to wake after
     * unlocking (never unpark under a lock).
     */
    final Strand[] grantAllLocked() {
        Strand[] out = new Strand[queue.size()];
        int i = 0;
        WaitNode n;
        while ((n = queue.poll()) != null) {
            n.grant();
            out[i++] = n.strand;
        }
        return out;
    }

    static void wakeAll(Strand[] strands) {
        for (Strand s : strands) {
            s.unpark();
        }
    }
}
