package io.spindle.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One strand waiting in one {@link WaitQueue} (Go's {@code sudog}): the waiter record that
 * Spindle's channels, select, {@code Mutex}, {@code Semaphore}, {@code WaitGroup} and
 * {@code Once} queue, and the base for third-party primitives. Subclasses add what their primitive
 * needs (a value being sent, a number of permits) and implement {@link #tryAbandon()}.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>The waiting strand creates the node ({@link #strand()} is the strand to wake) and
 *       publishes it by adding it to its primitive's queue under the primitive's lock.</li>
 *   <li>A completer, under the same lock, removes it from the queue, writes whatever it hands
 *       over into the subclass's fields, then calls {@link #complete(int)} with a non-zero state
 *       (a release store), unlocks, and finally calls {@code strand().unpark()}: never unpark
 *       while holding the lock.</li>
 *   <li>The waiter parks in {@link ParkLoop#await} until {@link #isDone()} (a volatile read that
 *       pairs with the release store), then reads the handed-over fields.</li>
 *   <li>A waiter that gives up calls {@link #tryAbandon()}, which takes the lock and removes the
 *       node if it is still queued (true) or reports that a completer got there first (false).
 *       Because both the completer and the abandoner remove the node under the lock, exactly one
 *       of them succeeds.</li>
 * </ol>
 *
 * <p>The queue links are guarded by the lock of the queue that holds the node; {@link #state()}
 * can be read at any time.
 */
public abstract class WaitNode implements Awaitable {
    /*
     * state: WAITING (0) -> any non-zero completion state chosen by the primitive, once, by the
     * completer, with a release store (complete); read by the waiter with a volatile load
     * (state/isDone). Links (prev, next, queued): written and read only under the lock of the
     * queue that holds the node.
     */

    /** The state of a node nobody has completed yet. */
    public static final int WAITING = 0;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Final: written by the owner before the node is published under the queue's lock. */
    private final Strand strand;

    // Guarded by the lock of the queue that holds this node (see WaitQueue).
    WaitNode prev;
    WaitNode next;
    boolean queued;

    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * A node for {@code strand}, normally {@link Strand#current()}. A null strand is allowed only
     * for sentinel nodes that are never queued.
     */
    protected WaitNode(Strand strand) {
        this.strand = strand;
    }

    /** The strand to wake when this node is completed. */
    public final Strand strand() {
        return strand;
    }

    /** The completion state, or {@link #WAITING}; a volatile read (pairs with {@link #complete}). */
    public final int state() {
        return (int) STATE.getVolatile(this);
    }

    /**
     * Completes the node with {@code completionState} (not {@link #WAITING}): a release store that
     * publishes every write the completer made before it to the waiter's {@link #state()} or
     * {@link #isDone()}. Call it under the queue's lock after removing the node, then unlock and
     * unpark {@link #strand()}.
     */
    public final void complete(int completionState) {
        STATE.setRelease(this, completionState);
    }

    /** True once a completer has called {@link #complete}. */
    @Override
    public final boolean isDone() {
        return (int) STATE.getVolatile(this) != WAITING;
    }

    /** True while the node is in a queue. Read under the queue's lock. */
    public final boolean isQueued() {
        return queued;
    }
}
