package io.spindle.sync;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Go's {@code sync.Once}: runs an action exactly once. Concurrent callers wait (park) until the first
 * call's action has finished. As in Go, an action that throws still counts as done: later calls
 * return at once (the first caller gets the exception).
 */
public final class Once {
    /*
     * state: NEW -> RUNNING (CAS by the one caller that runs the action) -> DONE (volatile store,
     * then every waiter is granted under the list lock and woken unlocked). Waiters recheck the
     * state under the list lock before enqueueing.
     */
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), Once.class, "state", int.class);

    @SuppressWarnings("unused")
    private volatile int state;
    private final WaitList waiters = new WaitList();

    /**
     * Runs {@code action} if no call of this Once has run one yet; otherwise waits until that first
     * action finished, and returns.
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        if ((int) STATE.getVolatile(this) == DONE) {
            return;
        }
        if (STATE.compareAndSet(this, NEW, RUNNING)) {
            try {
                action.run();
            } finally {
                waiters.lock();
                STATE.setVolatile(this, DONE);
                Strand[] wake = waiters.grantAllLocked();
                waiters.unlock();
                WaitList.wakeAll(wake);
            }
            return;
        }
        Strand me = Strand.current();
        waiters.lock();
        if ((int) STATE.getVolatile(this) == DONE) {
            waiters.unlock();
            return;
        }
        waiters.checkParkAllowedLocked(me);
        SyncWaiter node = waiters.enqueue(me, 0, false);
        if (waiters.awaitUnlocking(node, this, false, 0, me, true) == ParkLoop.INTERRUPTED) { // releases the lock
            throw new WaitInterruptedException("interrupted while waiting for a Once");
        }
        WaitList.recycle(node, me); // granted: the hand-back rule holds
    }

    /** Strands waiting now (for tests and diagnostics). */
    int waiterCount() {
        return waiters.waiterCount();
    }

    /** True once an action has finished (normally or not). */
    public boolean isDone() {
        return (int) STATE.getVolatile(this) == DONE;
    }
}
