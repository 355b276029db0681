package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.runtime.WaitQueue;
import io.spindle.sync.internal.SpinLock;

/**
 * The waiter queue of a sync primitive: the runtime kit's {@link WaitQueue} of
 * {@link SyncWaiter}s guarded by a {@link SpinLock}. Waiters park holding the lock
 * ({@link #awaitUnlocking}: park-with-unlock, the lock is released once the fiber is parked);
 * callers grant nodes under the lock and wake them after unlocking with
 * {@link Strand#resumeBy} (see {@link #wakeAll}). Every node of a list parks that way, so every
 * wake-up of a granted node is a resumeBy.
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

    /**
     * Called with the lock held, {@code node} just enqueued: parks until it is granted, abandons
     * on timeout, cancellation or interrupt; returns with the lock released. A ParkLoop outcome.
     */
    final int awaitUnlocking(SyncWaiter node, Object blocker, boolean timed, long deadline, Strand me,
                             boolean interruptible) {
        return ParkLoop.awaitUnlocking(node, blocker, lock, timed, deadline, me, interruptible);
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

    /**
     * Enqueues a node for the current strand {@code me}: its cached one (Strand.takeCachedNode),
     * or a new one. Under the lock. Give it back with {@link #recycle} after a normal end.
     */
    final SyncWaiter enqueue(Strand me, int amount, boolean deferOnAbandon) {
        SyncWaiter n = me.takeCachedNode(SyncWaiter.class);
        if (n == null) {
            n = new SyncWaiter();
        }
        queue.add(n.arm(me, this, amount, deferOnAbandon));
        return n;
    }

    /**
     * Gives {@code n} back to its owner {@code me}'s cache. Only when WaitNode's hand-back rule
     * holds: the wait ended normally, granted (the granter unlinked it and read its strand before
     * the grant, its last access) or abandoned and unlinked (not a deferred Mutex node, which stays
     * queued); never on a path that throws.
     */
    static void recycle(SyncWaiter n, Strand me) {
        n.list = null;
        me.cacheNode(n);
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
            out[i++] = n.strand(); // before grant: the owner may reuse n at once (hand-back rule)
            n.grant();
        }
        return out;
    }

    /** Wakes granted nodes' strands, after unlocking (they parked with the lock: resumeBy). */
    static void wakeAll(Strand[] strands) {
        if (strands.length == 0) {
            return;
        }
        Strand me = Strand.current(); // the waker, once
        for (Strand s : strands) {
            s.resumeBy(me);
        }
    }
}
