package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.sync.internal.Strands;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of fibers (or threads) to finish.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (Job j : jobs) { wg.add(1); Fiber.spawn(() -> { try { j.run(); } finally { wg.done(); } }); }
 * wg.await();
 * }</pre>
 *
 * As in Go, calls of {@code add} with a positive delta that start a new round must happen before
 * the {@code await} of that round. A waiting fiber parks; a waiting thread blocks.
 */
public final class WaitGroup {
    /*
     * count: volatile, changed by CAS in add(); never negative. Waiters enqueue under the list lock
     * after rechecking count there; add() that reaches zero takes the same lock, rechecks zero
     * (a new round may already have begun) and grants every waiter, then wakes them unlocked.
     */
    private static final VarHandle COUNT =
            VarHandles.field(MethodHandles.lookup(), WaitGroup.class, "count", int.class);

    @SuppressWarnings("unused")
    private volatile int count;
    private static final Strand[] NO_STRANDS = {};
    private final WaitList waiters = new WaitList();

    /**
     * Adds {@code delta} (may be negative) to the counter; when it reaches zero every waiter is
     * released.
     *
     * @throws IllegalStateException if the counter would become negative (it is left unchanged)
     */
    public void add(int delta) {
        int c;
        int n;
        do {
            c = (int) COUNT.getVolatile(this);
            n = c + delta;
            if (n < 0 || (delta > 0 && n < c)) {
                throw new IllegalStateException("WaitGroup counter would become " + ((long) c + delta));
            }
        } while (!COUNT.compareAndSet(this, c, n));
        if (n == 0 && delta != 0) {
            waiters.lock();
            Strand[] wake = (int) COUNT.getVolatile(this) == 0 ? waiters.grantAllLocked() : NO_STRANDS;
            waiters.unlock();
            WaitList.wakeAll(wake);
        }
    }

    /** {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /** The counter now. */
    public int count() {
        return (int) COUNT.getVolatile(this);
    }

    /**
     * Waits until the counter is zero.
     *
     * @throws WaitInterruptedException if a waiting thread is interrupted
     */
    public void await() {
        await0(false, 0);
    }

    /**
     * Waits at most {@code timeout} for the counter to reach zero.
     *
     * @return true if it reached zero, false on timeout
     * @throws WaitInterruptedException if a waiting thread is interrupted
     */
    public boolean await(Duration timeout) {
        return await0(true, ParkLoop.deadlineAfter(ParkLoop.toNanos(timeout)));
    }

    private boolean await0(boolean timed, long deadline) {
        Strand me = Strands.enter();
        if ((int) COUNT.getVolatile(this) == 0) {
            return true;
        }
        waiters.lock();
        if ((int) COUNT.getVolatile(this) == 0) {
            waiters.unlock();
            return true;
        }
        waiters.checkParkAllowedLocked(me);
        SyncWaiter node = waiters.enqueue(me, 0, false);
        int r = waiters.awaitUnlocking(node, this, timed, deadline, me, true); // releases the lock
        if (r == ParkLoop.INTERRUPTED) {
            throw new WaitInterruptedException("interrupted while waiting for a WaitGroup");
        }
        WaitList.recycle(node, me); // granted, or timed out and unlinked: the hand-back rule holds
        return r == ParkLoop.COMPLETED;
    }

    /** Strands waiting now (for tests and diagnostics). */
    int waiterCount() {
        return waiters.waiterCount();
    }

    @Override
    public String toString() {
        return "WaitGroup[count=" + count() + "]";
    }
}
