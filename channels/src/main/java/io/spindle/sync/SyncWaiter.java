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

    final WaitList list;
    /** What the waiter asks for (permits); final in effect, set before publication. */
    final int amount;
    /** Mutex only: on cancellation stay queued as a deferred acquisition (see Mutex overview). */
    final boolean deferOnAbandon;
    /** Guarded by the list's lock: cancelled while deferOnAbandon. */
    boolean deferred;

    SyncWaiter(Strand strand, WaitList list, int amount, boolean deferOnAbandon) {
        super(strand);
        this.list = list;
        this.amount = amount;
        this.deferOnAbandon = deferOnAbandon;
    }

    /** Release store: pairs with isDone's volatile load. Under the list's lock. */
    void grant() {
        complete(GRANTED);
    }

    @Override
    public boolean tryAbandon() {
        return list.abandon(this);
    }
}
