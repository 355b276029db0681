package io.spindle.channels;

import io.spindle.runtime.Strand;
import io.spindle.runtime.WaitNode;

/**
 * One strand waiting in one channel's send or receive queue: the runtime kit's {@link WaitNode}
 * (Go's sudog) plus what a channel needs. A plain send/receive has one waiter; a select has one
 * per channel clause, all sharing a {@link SelectState}. Waiters are reused: see Channel's
 * overview, "Waiters" and "Reuse".
 */
final class Waiter extends WaitNode {
    /*
     * State machine (WaitNode's state):
     *   WAITING -> DONE     a partner completed the operation (under the channel lock)
     *   WAITING -> CLOSED   close() woke it (under the channel lock)
     * An abandoned waiter (timeout, cancellation, interrupt, refused park) is unlinked under the
     * lock and stays WAITING; for a select the SelectState's winner says it was abandoned.
     *
     * Fields. select, channel, sending: written by the owner in arm() before the waiter is
     * published by enqueueing it under the channel lock (that lock's release/acquire carries them
     * to partners, who read them only under the lock, or, for a select's winner, after the CAS
     * made under the same lock); reset by the owner only when WaitNode's hand-back rule holds.
     * item: see below. selectRecord: owner only, never seen by another thread.
     */
    static final int DONE = 1;
    static final int CLOSED = 2;

    /** The select this waiter belongs to, or null for a plain send/receive. Owner-written, see above. */
    SelectState select;
    /** The channel whose queue holds it. Owner-written, see above. */
    Channel<?> channel;
    /** True in the channel's send queue, false in its receive queue. Owner-written, see above. */
    boolean sending;
    /**
     * Send: the value offered (set by the owner before publishing). Receive: the value delivered,
     * written by the partner under the channel lock before complete(DONE), read by the owner after
     * isDone() (WaitNode's release store / volatile load pair). Cleared (by the partner, by close,
     * or by the owner in disarm) before the waiter is cached, so that no value is retained.
     */
    Object item;
    /**
     * The registration records a select made by this waiter's owner reuses (Select's overview:
     * Reuse). Only the waiter that sits in a strand's cache slot carries one; owner only.
     */
    SelectState selectRecord;

    /** An unarmed waiter, to be {@link #arm armed} by its owner before every use. */
    Waiter() {
        super(null);
    }

    /**
     * Re-arms this waiter for a new wait of {@code strand} (its owner, the current strand). Before
     * the waiter is published under {@code channel}'s lock; see the field comment.
     */
    Waiter arm(Strand strand, SelectState select, Channel<?> channel, boolean sending, Object item) {
        reset(strand);
        this.select = select;
        this.channel = channel;
        this.sending = sending;
        this.item = item;
        return this;
    }

    /**
     * Drops every reference to user data and channels (the hand-back rule: a cached waiter
     * retains no garbage). Owner only, when the hand-back rule holds.
     */
    void disarm() {
        select = null;
        channel = null;
        item = null;
    }

    /**
     * A waiter for a plain operation of {@code me}: the one cached by {@code me} (taken out of its
     * slot), or a new one. Give it back with {@link #recycle} only when the hand-back rule holds.
     */
    static Waiter take(Strand me) {
        Waiter w = me.takeCachedNode(Waiter.class);
        return w != null ? w : new Waiter();
    }

    /** Disarms this waiter and puts it in {@code me}'s slot; see {@link #take}. */
    void recycle(Strand me) {
        disarm();
        me.cacheNode(this);
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
