package io.spindle.channels;

import io.spindle.runtime.Strand;
import io.spindle.sync.internal.Awaitable;
import io.spindle.sync.internal.LinkedNode;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One strand waiting in one channel's send or receive queue (Go's sudog). A plain send/receive
 * has one waiter; a select has one per channel clause, all sharing a {@link SelectState}.
 * See Channel's overview: Waiters.
 */
final class Waiter extends LinkedNode<Waiter> implements Awaitable {
    /*
     * State machine (state field):
     *   WAITING -> DONE     a partner completed the operation (under the channel lock)
     *   WAITING -> CLOSED   close() woke it (under the channel lock)
     * An abandoned waiter (timeout, cancellation, interrupt) is unlinked under the lock and stays
     * WAITING; for a select the SelectState's winner says it was abandoned.
     */
    static final int WAITING = 0;
    static final int DONE = 1;
    static final int CLOSED = 2;

    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), Waiter.class, "state", int.class);

    /** Who to wake. Final: written by the owner before the waiter is published under the lock. */
    final Strand strand;
    /** The select this waiter belongs to, or null for a plain send/receive. Final. */
    final SelectState select;
    /** The select clause index, or -1. Final. */
    final int clause;
    /** The channel whose queue holds it. Final. */
    final Channel<?> channel;
    /** True in the channel's send queue, false in its receive queue. Final. */
    final boolean sending;
    /**
     * Send: the value offered (set by the owner before publishing). Receive: the value delivered,
     * written by the partner under the channel lock before soState(DONE), read by the owner after
     * lvState() != WAITING.
     */
    Object item;
    /** Written by partners/closers with soState under the channel lock; read by the owner. */
    @SuppressWarnings("unused")
    private volatile int state;

    Waiter(Strand strand, SelectState select, int clause, Channel<?> channel, boolean sending, Object item) {
        this.strand = strand;
        this.select = select;
        this.clause = clause;
        this.channel = channel;
        this.sending = sending;
        this.item = item;
    }

    int lvState() {
        return (int) STATE.getVolatile(this);
    }

    /** Release store: publishes {@link #item} to the owner's lvState (acquire). */
    void soState(int s) {
        STATE.setRelease(this, s);
    }

    /**
     * Claims this waiter for completion; called under the channel lock by a partner or closer.
     * A plain waiter that is still queued is always claimable (its owner abandons only under the
     * same lock); a select waiter is claimable only if its select has no winner yet.
     */
    boolean tryClaim() {
        return select == null || select.tryWin(this);
    }

    /** A plain (non-select) waiter is done once a partner or close() set its state. */
    @Override
    public boolean isDone() {
        return lvState() != WAITING;
    }

    /** A plain waiter abandons by unlinking itself under the lock; false if it was completed. */
    @Override
    public boolean tryAbandon() {
        return channel.abandon(this);
    }
}
