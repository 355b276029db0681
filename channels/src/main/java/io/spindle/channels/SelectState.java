package io.spindle.channels;

import io.spindle.runtime.Awaitable;
import io.spindle.runtime.ParkLock;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared state of one parked select: which of its waiters won (Go's selectDone flag plus the
 * winning sudog), and the lock it parks with: all its channels' locks in the global order (see
 * Select's overview, step 4).
 */
final class SelectState implements Awaitable, ParkLock {
    /*
     * winner: null -> a Waiter of this select   a partner or closer won it (CAS, under that
     *                                            waiter's channel lock)
     *         null -> ABANDONED                  the owner gave up (timeout, cancel, interrupt; CAS)
     * Exactly one CAS succeeds. After a partner's CAS the waiter's own state goes DONE/CLOSED
     * before the channel lock is released.
     */
    static final Waiter ABANDONED = new Waiter(null, null, -1, null, false, null);

    /** The distinct channels of the select in ascending id order (final; the composite lock). */
    private final Channel<?>[] order;

    private static final VarHandle WINNER =
            VarHandles.field(MethodHandles.lookup(), SelectState.class, "winner", Waiter.class);

    @SuppressWarnings("unused")
    private volatile Waiter winner;

    SelectState(Channel<?>[] order) {
        this.order = order;
    }

    /** ParkLock: every channel's lock, ascending ids (a re-lock after a spurious wake-up). */
    @Override
    public void lock() {
        Select.lockAll(order);
    }

    /** ParkLock: releases them all; the carrier calls it after the select's fiber has unmounted. */
    @Override
    public void unlock() {
        Select.unlockAll(order);
    }

    Waiter lvWinner() {
        return (Waiter) WINNER.getVolatile(this);
    }

    /** Volatile CAS: the one decision point between partners, closers and the owner. */
    boolean tryWin(Waiter w) {
        return WINNER.compareAndSet(this, null, w);
    }

    /** True while nobody has won nor abandoned this select: its waiters are live. */
    boolean isLive() {
        return lvWinner() == null;
    }

    /** Done once a winner is set and has completed (its state left WAITING). */
    @Override
    public boolean isDone() {
        Waiter w = lvWinner();
        return w != null && w != ABANDONED && w.isDone();
    }

    /**
     * The owner gives up: CAS to ABANDONED. If a partner won first, it is completing the winner
     * under that waiter's channel lock; taking and releasing that lock waits for it, after which
     * isDone() is true.
     */
    @Override
    public boolean tryAbandon() {
        if (WINNER.compareAndSet(this, null, ABANDONED)) {
            return true;
        }
        Channel<?> c = lvWinner().channel;
        c.lock();
        c.unlock();
        return false;
    }
}
