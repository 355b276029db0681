package io.spindle.sync;

import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A {@link Condition} of a {@link Mutex}: {@code await} releases the mutex, parks until signalled,
 * and re-acquires it before returning (also when it throws). Waiters are signalled FIFO. A
 * cancelled fiber leaves {@code await} with {@link FiberCancelledException}; if the mutex could not
 * be re-acquired without parking, the fiber does not hold it then, and its {@code unlock()} in a
 * {@code finally} block is accepted silently (see Mutex overview: Deferred acquisition).
 */
final class MutexCondition implements Condition {
    private final Mutex mutex;
    private final WaitList waiters = new WaitList();

    MutexCondition(Mutex mutex) {
        this.mutex = mutex;
    }

    @Override
    public void await() throws InterruptedException {
        Mutex.throwIfInterrupted(await0(true, false, 0));
    }

    @Override
    public void awaitUninterruptibly() {
        await0(false, false, 0);
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = ParkLoop.deadlineAfter(nanosTimeout);
        Mutex.throwIfInterrupted(await0(true, true, deadline));
        return deadline - System.nanoTime();
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos(unit.toNanos(time)) > 0;
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long now = System.currentTimeMillis();
        long millis;
        try {
            millis = Math.subtractExact(deadline.getTime(), now);
        } catch (ArithmeticException farAway) {
            millis = deadline.getTime() < now ? Long.MIN_VALUE : Long.MAX_VALUE; // saturate, as j.u.c does
        }
        return awaitNanos(TimeUnit.MILLISECONDS.toNanos(millis)) > 0;
    }

    private int await0(boolean interruptible, boolean timed, long deadline) {
        Strand me = Strand.current();
        mutex.checkOwner(me);
        if (interruptible && !me.isFiber() && Thread.interrupted()) {
            Thread.currentThread().interrupt();
            return ParkLoop.INTERRUPTED;
        }
        WaitList.checkParkAllowed(me); // refused while still holding the mutex: nothing changed
        waiters.lock();
        SyncWaiter node = waiters.enqueue(me, 0, false);
        waiters.unlock();
        mutex.unlock(); // may wake a strand: not under our list lock
        int r = ParkLoop.COMPLETED;
        FiberCancelledException cancelled = null;
        try {
            waiters.lock(); // park with the list lock (awaitUnlocking rechecks the node first)
            r = waiters.awaitUnlocking(node, this, timed, deadline, me, interruptible);
        } catch (FiberCancelledException e) {
            cancelled = e;
        }
        if (cancelled == null && r != ParkLoop.INTERRUPTED) {
            WaitList.recycle(node, me); // signalled, or timed out and unlinked; reacquire may reuse it
        }
        reacquire(me, cancelled);
        return r;
    }

    /** Re-acquires the mutex after a wait; see the class comment for cancelled fibers. */
    private void reacquire(Strand me, FiberCancelledException cancelled) {
        if (mutex.tryLock(me)) {
            if (cancelled != null) {
                throw cancelled; // holding the mutex, as a finally { unlock(); } expects
            }
            return;
        }
        try {
            mutex.lockSlow(me, false, false, 0, true);
        } catch (FiberCancelledException e) {
            if (cancelled != null) {
                e.addSuppressed(cancelled);
            }
            throw e; // deferred: see Mutex overview
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    @Override
    public void signal() {
        Strand me = Strand.current();
        mutex.checkOwner(me);
        waiters.lock();
        SyncWaiter n = waiters.queue().poll();
        Strand s = null;
        if (n != null) {
            s = n.strand(); // before grant: its owner may reuse n at once (hand-back rule)
            n.grant();
        }
        waiters.unlock();
        if (s != null) {
            s.resumeBy(me); // it parked with the list lock (WaitList.awaitUnlocking)
        }
    }

    @Override
    public void signalAll() {
        mutex.checkOwner(Strand.current());
        waiters.lock();
        Strand[] wake = waiters.grantAllLocked();
        waiters.unlock();
        WaitList.wakeAll(wake);
    }

    /** Strands waiting now (for tests). */
    int waiterCount() {
        waiters.lock();
        int n = waiters.queue().size();
        waiters.unlock();
        return n;
    }
}
