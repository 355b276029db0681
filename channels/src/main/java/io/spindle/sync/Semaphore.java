package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.sync.internal.Strands;
import java.time.Duration;

/**
 * A counting semaphore that parks fibers (Go: {@code golang.org/x/sync/semaphore}; j.u.c:
 * {@link java.util.concurrent.Semaphore} in fair mode). Waiters are served strictly FIFO, so a
 * large request is not starved by small ones. Interrupting a waiting thread abandons the
 * acquisition with {@link WaitInterruptedException}; cancelling a waiting fiber abandons it with
 * {@link io.spindle.runtime.FiberCancelledException}; nothing is acquired in either case.
 */
public final class Semaphore {
    /*
     * Everything is guarded by the list's lock: permits and the FIFO of waiters (each asking for
     * node.amount permits). release() and an abandoning head grant from the head while it fits,
     * then wake unlocked.
     */
    private final WaitList waiters = new WaitList() {
        @Override
        void onAbandoned(SyncWaiter n) {
            abandonedWhileLocked = true; // the head may have left: the next ones may fit now
        }
    };
    private long permits;                 // guarded by waiters' lock
    private boolean abandonedWhileLocked; // guarded by waiters' lock

    public Semaphore(long permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        this.permits = permits;
    }

    /** Acquires one permit, waiting if needed. */
    public void acquire() {
        acquire(1);
    }

    /** Acquires {@code n} permits, waiting if needed. */
    public void acquire(int n) {
        acquire0(n, true, false, 0);
    }

    /** Acquires one permit if available now (and nobody waits before us). */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /** Acquires {@code n} permits if available now (and nobody waits before us). */
    public boolean tryAcquire(int n) {
        return acquire0(n, false, false, 0);
    }

    /** Acquires {@code n} permits, waiting at most {@code timeout}; false on timeout (nothing acquired). */
    public boolean tryAcquire(int n, Duration timeout) {
        return acquire0(n, true, true, ParkLoop.deadlineAfter(ParkLoop.toNanos(timeout)));
    }

    private boolean acquire0(int n, boolean block, boolean timed, long deadline) {
        if (n < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + n);
        }
        Strand me = Strands.enter();
        waiters.lock();
        if (waiters.queue().isEmpty() && permits >= n) {
            permits -= n;
            waiters.unlock();
            return true;
        }
        if (!block) {
            waiters.unlock();
            return false;
        }
        waiters.checkParkAllowedLocked(me);
        SyncWaiter node = waiters.enqueue(me, n, false);
        int r;
        try {
            r = waiters.awaitUnlocking(node, this, timed, deadline, me, true); // releases the lock
        } finally {
            release(0); // if we left from the head, later waiters may fit now
        }
        if (r == ParkLoop.INTERRUPTED) {
            throw new WaitInterruptedException("interrupted while acquiring a semaphore");
        }
        WaitList.recycle(node, me); // granted, or timed out and unlinked: the hand-back rule holds
        return r == ParkLoop.COMPLETED;
    }

    /** Releases one permit. */
    public void release() {
        release(1);
    }

    /** Releases {@code n} permits, waking waiters whose requests now fit, in FIFO order. */
    public void release(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + n);
        }
        waiters.lock();
        if (n == 0 && !abandonedWhileLocked) {
            waiters.unlock();
            return;
        }
        abandonedWhileLocked = false;
        permits += n;
        Strand first = null;   // the usual case, one waiter woken: no array allocated
        Strand[] more = null;
        int k = 0;
        SyncWaiter head;
        while ((head = waiters.queue().peek()) != null && permits >= head.amount) {
            waiters.queue().poll();
            permits -= head.amount;
            Strand s = head.strand(); // before grant: the owner may reuse head at once (hand-back rule)
            head.grant();
            if (first == null) {
                first = s;
            } else {
                if (more == null) {
                    more = new Strand[waiters.queue().size() + 1];
                }
                more[k++] = s;
            }
        }
        waiters.unlock();
        if (first != null) { // they parked with the lock (WaitList.awaitUnlocking): resumeBy
            Strand me = Strand.current();
            first.resumeBy(me);
            for (int i = 0; i < k; i++) {
                more[i].resumeBy(me);
            }
        }
    }

    /** Permits available now. */
    public long availablePermits() {
        waiters.lock();
        long p = permits;
        waiters.unlock();
        return p;
    }

    /** Strands waiting now (for tests and diagnostics). */
    int waiterCount() {
        waiters.lock();
        int c = waiters.queue().size();
        waiters.unlock();
        return c;
    }
}
