package io.spindle.channels;

import io.spindle.runtime.Strand;
import io.spindle.runtime.WaitNode;

/**
 * One strand waiting in one channel's send or receive queue: the runtime kit's {@link WaitNode}
 * (Go's sudog) plus what a channel needs. A plain send/receive has one waiter; a select has one
 * per channel clause, all sharing a {@link SelectState}. See Channel's overview: Waiters.
 */
final class Waiter extends WaitNode {
    /*
     * State machine (WaitNode's state):
     *   WAITING -> DONE     a partner completed the operation (under the channel lock)
     *   WAITING -> CLOSED   close() woke it (under the channel lock)
     * An abandoned waiter (timeout, cancellation, interrupt, refused park) is unlinked under the
     * lock and stays WAITING; for a select the SelectState's winner says it was abandoned.
     */
    static final int DONE = 1;
    static final int CLOSED = 2;

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
     * written by the partner under the channel lock before complete(DONE), read by the owner after
     * isDone() (WaitNode's release store / volatile load pair).
     */
    Object item;

    Waiter(Strand strand, SelectState select, int clause, Channel<?> channel, boolean sending, Object item) {
        super(strand);
        this.select = select;
        this.clause = clause;
        this.channel = channel;
        this.sending = sending;
        this.item = item;
    }

    /**
     * Claims this waiter for completion; called under the channel lock by a partner or closer.
     * A plain waiter that is still queued is always claimable (its owner abandons only under the
     * same lock); a select waiter is claimable only if its select has no winner yet.
     */
    boolean tryClaim() {
        return select == null || select.tryWin(this);
    }

    /** A plain waiter abandons by unlinking itself under the lock; false if it was completed. */
    @Override
    public boolean tryAbandon() {
        return channel.abandon(this);
    }
}
