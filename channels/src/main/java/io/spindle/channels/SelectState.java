package io.spindle.channels;

import io.spindle.runtime.Awaitable;
import io.spindle.runtime.ParkLock;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The shared state of one parked select: which of its waiters won (Go's selectDone flag plus the
 * winning sudog), the registration records of its owner's selects, reused from one select to
 * the next (Go keeps them on the goroutine's stack), and the lock it parks with: all its channels'
 * locks in the global order. See Select's overview: steps 4-5 and Reuse.
 */
final class SelectState implements Awaitable, ParkLock {
    /*
     * winner: null -> a Waiter of this select   a partner or closer won it (CAS, under that
     *                                            waiter's channel lock)
     *         null -> ABANDONED                  the owner gave up (timeout, cancel, interrupt; CAS)
     *         any  -> null                       rearm(): the owner, before the next registration
     *                                            (plain store; see rearm)
     * Exactly one CAS succeeds per registration. After a partner's CAS the waiter's own state goes
     * DONE/CLOSED before the channel lock is released.
     *
     * clauses, order, waiters (and the Waiters in it): owner only, the strand that runs the
     * select; partners reach a Waiter only while it is queued, and the SelectState only through
     * such a Waiter, under its channel's lock.
     */
    static final Waiter ABANDONED = new Waiter();

    private static final VarHandle WINNER =
            VarHandles.field(MethodHandles.lookup(), SelectState.class, "winner", Waiter.class);

    @SuppressWarnings("unused")
    private volatile Waiter winner;

    /** The channel clauses of the current select (non-null ones first); owner only, grown on demand. */
    ChannelClause<?>[] clauses = new ChannelClause<?>[4];
    /** The distinct channels of the current select in lock order; owner only, grown on demand. */
    Channel<?>[] order = new Channel<?>[4];
    /** How many entries of {@link #order} the current select uses; owner only. */
    int orderLength;
    /** One waiter per clause, index for index with {@link #clauses}; reused; owner only. */
    Waiter[] waiters = new Waiter[4];

    /** Sizes the arrays for {@code n} clauses (the first select with more clauses grows them). Owner only. */
    void ensureCapacity(int n) {
        if (clauses.length < n) {
            int c = Math.max(n, clauses.length * 2);
            clauses = new ChannelClause<?>[c];
            order = new Channel<?>[c];
            waiters = Arrays.copyOf(waiters, c);
        }
    }

    /**
     * Before registering waiters again: no winner. A plain store, by the owner: the previous
     * registration's partners are all gone (the hand-back rule held when this record was cached:
     * every waiter was unlinked under its channel's lock, and the winner's partner completed it,
     * its last access, before the owner saw it done), and the next partners read winner only
     * after finding a waiter enqueued under a channel lock, which the owner takes after this store.
     */
    void rearm() {
        WINNER.set(this, null);
    }

    /**
     * Drops the references of the finished select (clauses, channels, values) so that a cached
     * record retains no garbage; owner only, when the hand-back rule holds. The waiters stay for
     * reuse, disarmed.
     */
    void clear(int n) {
        for (int i = 0; i < n; i++) {
            clauses[i] = null;
            if (waiters[i] != null) {
                waiters[i].disarm();
            }
        }
        for (int i = 0; i < orderLength; i++) {
            order[i] = null;
        }
        orderLength = 0;
    }

    /** The clause index of {@code w}, one of this select's first {@code n} waiters. Owner only. */
    int clauseOf(Waiter w, int n) {
        for (int i = 0; i < n; i++) {
            if (waiters[i] == w) {
                return i;
            }
        }
        throw new AssertionError("the winner is not one of this select's waiters");
    }

    /**
     * ParkLock: every channel's lock of the current select ({@link #order}), ascending ids (a
     * re-lock after a spurious wake-up). Owner only.
     */
    @Override
    public void lock() {
        Select.lockAll(order, orderLength);
    }

    /**
     * ParkLock: releases them all, in descending order; the carrier calls it after the select's
     * fiber has unmounted. The record is not reused before this returns: every channel of
     * {@link #order} is locked again, after this release, by the partner that wins the select or
     * by the owner's clean-up, before the owner can clear or re-arm the record.
     */
    @Override
    public void unlock() {
        Select.unlockAll(order, orderLength);
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
     * isDone() is true. Reading the winner's channel here is safe: only the owner (this thread)
     * re-arms its waiters, and it does so only after this select is over; the partner itself
     * reads nothing of the winner after completing it.
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
