package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.sync.internal.Strands;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A mutual-exclusion lock that parks fibers instead of blocking their carriers (Go's
 * {@code sync.Mutex}), as a {@link Lock} with {@link Condition}s. Use it instead of
 * {@code synchronized} or {@code ReentrantLock} inside fibers.
 *
 * <ul>
 *   <li>Not reentrant (like Go's): locking it again from the strand that holds it throws
 *       {@link IllegalStateException} rather than deadlocking.</li>
 *   <li>Owned by the strand (fiber or thread) that locked it: {@link #unlock()} from any other
 *       strand throws {@link IllegalMonitorStateException}.</li>
 *   <li>Fair: when strands are waiting, {@code unlock} hands the lock to the longest waiter
 *       (FIFO), and a newcomer cannot barge in, so no waiter starves.</li>
 *   <li>{@link #lock()} is uninterruptible (a thread's interrupt status is kept);
 *       {@link #lockInterruptibly()} and the timed {@link #tryLock(long, TimeUnit)} abandon on
 *       interrupt. A cancelled fiber gets {@link io.spindle.runtime.FiberCancelledException}
 *       from any wait, and then does not hold the lock.</li>
 * </ul>
 */
public final class Mutex implements Lock {
    /*
     * Implementation overview
     *
     * state (volatile int): bit 0 LOCKED, bits 1.. the number of queued waiters (WAITER units).
     * Invariant: waiters > 0 implies LOCKED, because unlock() with waiters hands the lock over
     * instead of releasing it. Hence:
     *   lock fast path:   CAS 0 -> LOCKED (free and nobody waiting: no barging past waiters)
     *   unlock fast path: CAS LOCKED -> 0 (nobody waiting)
     *   lock slow path, under the list lock: CAS 0 -> LOCKED, or CAS s -> s + WAITER and enqueue
     *   unlock slow path, under the list lock: poll the head; if none (it abandoned meanwhile),
     *     store 0; else subtract WAITER, set owner to the head's strand, grant it; wake it unlocked
     *   abandon (timeout, interrupt, cancel), under the list lock: unlink and subtract WAITER.
     *   refused park (diagnostic mode, a monitor held): checked under the list lock before the
     *     node is enqueued; the WAITER just counted is subtracted again, nothing is queued.
     * The waiter count changes only under the list lock, so the unlock slow path never misses a
     * waiter that was counted.
     *
     * Owner: written by the strand that acquires (or, on hand-off, by the unlocker before the
     * grant's release store); compared with Strand.current() by unlock. A strand can only ever
     * read itself as owner if it (or its hand-off) wrote that, so a stale read cannot pass the check.
     *
     * Deferred acquisition (Condition.await in a cancelled fiber). await must return holding the
     * lock, but a cancelled fiber cannot park. Its re-acquisition node then stays queued marked
     * `deferred` and the fiber throws FiberCancelledException at once. The fiber's `finally
     * { unlock(); }` either finds itself owner (the hand-off reached the node: a normal unlock) or
     * finds its deferred node still queued and withdraws it. See MutexCondition.
     */
    static final int LOCKED = 1;
    static final int WAITER = 2;
    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), Mutex.class, "state", int.class);

    @SuppressWarnings("unused")
    private volatile int state;
    private volatile Strand owner;
    private final WaitList waiters = new WaitList() {
        @Override
        void onAbandoned(SyncWaiter n) {
            STATE.getAndAdd(Mutex.this, -WAITER);
        }
    };

    @Override
    public void lock() {
        Strand me = Strands.enter();
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            owner = me;
            return;
        }
        lockSlow(me, false, false, 0, false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        Strand me = Strands.enter();
        if (!me.isFiber() && Thread.interrupted()) {
            throw new InterruptedException("Mutex.lockInterruptibly: already interrupted");
        }
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            owner = me;
            return;
        }
        throwIfInterrupted(lockSlow(me, true, false, 0, false));
    }

    /**
     * For the checked {@link InterruptedException} of the {@link Lock} API, j.u.c clears the
     * interrupt status when it throws; ParkLoop has set it again, so clear it here.
     */
    static void throwIfInterrupted(int parkOutcome) throws InterruptedException {
        if (parkOutcome == ParkLoop.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting");
        }
    }

    @Override
    public boolean tryLock() {
        return tryLock(Strand.current());
    }

    boolean tryLock(Strand me) {
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            owner = me;
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Strand me = Strands.enter();
        long deadline = ParkLoop.deadlineAfter(unit.toNanos(time));
        if (tryLock(me)) {
            return true;
        }
        int r = lockSlow(me, true, true, deadline, false);
        throwIfInterrupted(r);
        return r == ParkLoop.COMPLETED;
    }

    /** See overview. Returns a ParkLoop outcome; COMPLETED means the caller now owns the lock. */
    int lockSlow(Strand me, boolean interruptible, boolean timed, long deadline, boolean deferOnCancel) {
        if (owner == me) {
            throw new IllegalStateException("Mutex is not reentrant: " + me.name() + " already holds it");
        }
        if (!deferOnCancel) {
            Strands.checkCancelled(me); // a deferred re-acquisition must enqueue even when cancelled
        }
        SyncWaiter node;
        waiters.lock();
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if (s == 0) {
                if (STATE.compareAndSet(this, 0, LOCKED)) {
                    waiters.unlock();
                    owner = me;
                    return ParkLoop.COMPLETED;
                }
            } else if (STATE.compareAndSet(this, s, s + WAITER)) {
                break;
            }
        }
        if (timed && deadline - System.nanoTime() <= 0) {
            STATE.getAndAdd(this, -WAITER);
            waiters.unlock();
            return ParkLoop.TIMED_OUT;
        }
        checkParkAllowedLocked(me);
        node = waiters.enqueue(me, 0, deferOnCancel);
        int r = waiters.awaitUnlocking(node, this, timed, deadline, me, interruptible); // releases the list lock
        // COMPLETED: the unlocker set owner = me before granting
        if (r == ParkLoop.COMPLETED || (r == ParkLoop.TIMED_OUT && !deferOnCancel)) {
            WaitList.recycle(node, me); // granted, or abandoned and unlinked: the hand-back rule holds
        }
        return r;
    }

    /**
     * Under the list lock, after counting a waiter and before enqueueing it: if the park would be
     * refused (diagnostic mode, a monitor held; see ParkLoop's "Refused parks"), uncounts it,
     * unlocks and throws, so that no unlock can hand the mutex to the refused strand. A separate
     * method, so that lockSlow's frame, which stays on a parked fiber's stack, keeps no extra local.
     */
    private void checkParkAllowedLocked(Strand me) {
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            STATE.getAndAdd(this, -WAITER);
            waiters.unlock();
            throw refused;
        }
    }

    /**
     * Releases the lock, handing it to the longest waiter if there is one.
     *
     * @throws IllegalMonitorStateException if the current strand does not hold it
     */
    @Override
    public void unlock() {
        Strand me = Strand.current();
        if (owner != me) {
            int w = withdrawDeferred(me);
            if (w == NOT_OWNER) {
                throw new IllegalMonitorStateException("Mutex unlocked by " + me.name() + ", which does not hold it");
            }
            if (w == WITHDRAWN) {
                return;
            }
        }
        owner = null;
        if (STATE.compareAndSet(this, LOCKED, 0)) {
            return;
        }
        waiters.lock();
        SyncWaiter next = waiters.queue().poll();
        if (next == null) {
            STATE.setVolatile(this, 0); // the counted waiters all abandoned; nobody can add one without the list lock
            waiters.unlock();
            return;
        }
        STATE.getAndAdd(this, -WAITER);
        Strand s = next.strand(); // before grant: its owner may reuse next at once (hand-back rule)
        owner = s;
        next.grant(); // release store: publishes owner to the woken waiter
        waiters.unlock();
        s.resumeBy(me); // it parked with the list lock (WaitList.awaitUnlocking)
    }

    private static final int NOT_OWNER = 0;
    private static final int WITHDRAWN = 1;
    private static final int NOW_OWNER = 2;

    /**
     * See overview: Deferred acquisition. Under the list lock (which serialises hand-offs) either
     * withdraws {@code me}'s deferred node, or finds that a hand-off just made {@code me} the owner.
     */
    private int withdrawDeferred(Strand me) {
        waiters.lock();
        try {
            for (SyncWaiter n = waiters.queue().peek(); n != null; n = waiters.queue().next(n)) {
                if (n.strand() == me && n.deferred) {
                    waiters.queue().remove(n);
                    STATE.getAndAdd(this, -WAITER);
                    return WITHDRAWN;
                }
            }
            return owner == me ? NOW_OWNER : NOT_OWNER;
        } finally {
            waiters.unlock();
        }
    }

    /** A {@link Condition} bound to this mutex (signal/await require holding it). */
    @Override
    public Condition newCondition() {
        return new MutexCondition(this);
    }

    /** True if some strand holds the lock. */
    public boolean isLocked() {
        return ((int) STATE.getVolatile(this) & LOCKED) != 0;
    }

    /** True if the current strand holds the lock. */
    public boolean isHeldByCurrentStrand() {
        return owner == Strand.current();
    }

    /** Strands queued for the lock now (for tests and diagnostics). */
    int waiterCount() {
        return (int) STATE.getVolatile(this) >>> 1;
    }

    void checkOwner(Strand me) {
        if (owner != me) {
            throw new IllegalMonitorStateException("the current strand does not hold this Mutex");
        }
    }

    @Override
    public String toString() {
        Strand o = owner;
        return "Mutex[" + (o != null ? "locked by " + o.name() : isLocked() ? "locked" : "unlocked") + "]";
    }
}
