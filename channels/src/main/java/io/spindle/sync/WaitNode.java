package io.spindle.sync;

import io.spindle.runtime.Strand;
import io.spindle.sync.internal.Awaitable;
import io.spindle.sync.internal.LinkedNode;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** One strand waiting in a {@link WaitList}. */
final class WaitNode extends LinkedNode<WaitNode> implements Awaitable {
    /*
     * state: WAITING -> GRANTED, by whoever dequeues it (under the list's lock), with a release
     * store that publishes anything granted with it; read by the owner with a volatile load.
     */
    static final int WAITING = 0;
    static final int GRANTED = 1;

    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), WaitNode.class, "state", int.class);

    final Strand strand;
    final WaitList list;
    /** What the waiter asks for (permits); final in effect, set before publication. */
    final int amount;
    /** Mutex only: on cancellation stay queued as a deferred acquisition (see Mutex overview). */
    final boolean deferOnAbandon;
    /** Guarded by the list's lock: cancelled while deferOnAbandon. */
    boolean deferred;

    @SuppressWarnings("unused")
    private volatile int state;

    WaitNode(Strand strand, WaitList list, int amount, boolean deferOnAbandon) {
        this.strand = strand;
        this.list = list;
        this.amount = amount;
        this.deferOnAbandon = deferOnAbandon;
    }

    /** Release store: pairs with isDone's volatile load. Under the list's lock. */
    void grant() {
        STATE.setRelease(this, GRANTED);
    }

    @Override
    public boolean isDone() {
        return (int) STATE.getVolatile(this) != WAITING;
    }

    @Override
    public boolean tryAbandon() {
        return list.abandon(this);
    }
}
