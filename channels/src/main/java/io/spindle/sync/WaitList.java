package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.runtime.WaitQueue;
import io.spindle.sync.internal.SpinLock;

/**
 * The waiter queue of a sync primitive: the runtime kit's {@link WaitQueue} of
 * {@link SyncWaiter}s guarded by a {@link SpinLock}. Callers grant nodes under the lock and unpark
 * after unlocking (see {@link #wakeAll}).
 */
class WaitList {
    private final SpinLock lock = new SpinLock();
    private final WaitQueue<SyncWaiter> queue = new WaitQueue<>();

    final void lock() {
        lock.lock();
    }

    final void unlock() {
        lock.unlock();
    }

    /** Under the lock. */
    final WaitQueue<SyncWaiter> queue() {
        return queue;
    }

    /** Queued nodes now; takes the lock (for tests and diagnostics). */
    final int waiterCount() {
        lock();
        try {
            return queue.size();
        } finally {
            unlock();
        }
    }

    /**
     * Under the lock, before a node is enqueued: if the park would be refused (diagnostic mode, a
     * monitor held; see ParkLoop's "Refused parks"), unlocks and throws, so that the refused
     * operation leaves nothing behind. The caller must have changed nothing yet that this undoes.
     */
    final void checkParkAllowedLocked(Strand me) {
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            unlock();
            throw refused;
        }
    }

    /** {@link #checkParkAllowedLocked} for a caller that holds no lock. */
    static void checkParkAllowed(Strand me) {
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            throw refused;
        }
    }

    /** Enqueues a new node for the current strand. Under the lock. */
    final SyncWaiter enqueue(Strand me, int amount, boolean deferOnAbandon) {
        SyncWaiter n = new SyncWaiter(me, this, amount, deferOnAbandon);
        queue.add(n);
        return n;
    }

    /**
     * The waiter gives up (timeout, cancellation, interrupt, refused park). True if it was still
     * queued (then it is removed, or, with deferOnAbandon, marked deferred and left queued); false
     * if it was granted first.
     */
    final boolean abandon(SyncWaiter n) {
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
    void onAbandoned(SyncWaiter n) {
    }

    /**
     * Grants and unlinks every queued node, under the lock; returns them as an array to wake after
     * unlocking (never unpark under a lock).
     */
    final Strand[] grantAllLocked() {
        Strand[] out = new Strand[queue.size()];
        int i = 0;
        SyncWaiter n;
        while ((n = queue.poll()) != null) {
            n.grant();
            out[i++] = n.strand();
        }
        return out;
    }

    static void wakeAll(Strand[] strands) {
        for (Strand s : strands) {
            s.unpark();
        }
    }
}
