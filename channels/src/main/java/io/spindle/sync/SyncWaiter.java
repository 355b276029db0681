package io.spindle.sync;

import io.spindle.runtime.Strand;
import io.spindle.runtime.WaitNode;

/**
 * One strand waiting in a {@link WaitList}: the runtime kit's {@link WaitNode} (Go's sudog, the
 * same base as a channel's waiter) plus what the sync primitives need.
 */
final class SyncWaiter extends WaitNode {
    /*
     * WaitNode's state: WAITING -> GRANTED, by whoever dequeues it (under the list's lock), with a
     * release store that publishes anything granted with it; read by the owner with a volatile load.
     */
    static final int GRANTED = 1;

    /*
     * list, amount, deferOnAbandon: written by the owner in arm() before the node is published by
     * the enqueue under the list's lock (which carries them to granters); reset only when
     * WaitNode's hand-back rule holds (WaitList.recycle). Nodes are reused: see WaitList.enqueue.
     */
    /** The list that queues it; null while cached. */
    WaitList list;
    /** What the waiter asks for (permits). */
    int amount;
    /** Mutex only: on cancellation stay queued as a deferred acquisition (see Mutex overview). */
    boolean deferOnAbandon;
    /** Guarded by the list's lock: cancelled while deferOnAbandon. */
    boolean deferred;

    /** An unarmed node; armed by its owner before every use. */
    SyncWaiter() {
        super(null);
    }

    /** Re-arms this node for a new wait of {@code strand}, the current strand; before publication. */
    SyncWaiter arm(Strand strand, WaitList list, int amount, boolean deferOnAbandon) {
        reset(strand);
        this.list = list;
        this.amount = amount;
        this.deferOnAbandon = deferOnAbandon;
        this.deferred = false;
        return this;
    }

    /**
     * Release store: pairs with isDone's volatile load. Under the list's lock, after reading
     * {@link #strand()}: the granter must not touch the node afterwards (WaitNode's hand-back rule).
     */
    void grant() {
        complete(GRANTED);
    }

    @Override
    public boolean tryAbandon() {
        return list.abandon(this);
    }
}
