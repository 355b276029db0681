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
 *       over into the subclass's fields, reads {@link #strand()}, then calls
 *       {@link #complete(int)} with a non-zero state (a release store) and touches the node no
 *       more; it unlocks, and finally unparks the strand it read: never unpark while holding the
 *       lock, never read the node after completing it (see "the hand-back rule").</li>
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
 *
 * <h2>Reuse: the hand-back rule</h2>
 * A node may be reused for the owner's next wait instead of allocating a new one: the owner takes
 * one from its strand's one-slot cache ({@link Strand#takeCachedNode}), re-arms it with
 * {@link #reset(Strand)} before publishing it, and gives it back ({@link Strand#cacheNode}) when
 * the wait is over. Reuse is safe only under <b>the hand-back rule</b>: <em>a node is given back
 * only when no other thread can still reach it</em>, that is
 * <ul>
 *   <li>it was completed or abandoned, and it is unlinked: by the completer (who unlinks it before
 *       {@link #complete}) or by the owner's {@link #tryAbandon()}, under the queue's lock;</li>
 *   <li>no completer touches a node after {@link #complete}: a completer reads everything it
 *       still needs (above all {@link #strand()}, the strand to wake) <em>before</em> the release
 *       store, because the owner may see the completion, give the node back and re-arm it for
 *       another queue while the completer still holds its lock;</li>
 *   <li>anything else that can reach the node (a select's shared decision record, say) has let
 *       go of it, under the lock that reached it, before the owner gives it back;</li>
 *   <li>the wait ended normally: completed, timed out or otherwise abandoned with
 *       {@link #tryAbandon()} returning true. A wait that ended with an exception (cancellation,
 *       interrupt, a refused park) never gives its node back: it is simply dropped;</li>
 *   <li>every reference the node holds for the user (a value handed over) is cleared first, so
 *       that a cached node retains no garbage.</li>
 * </ul>
 * A wait that finds the slot empty (the first wait, or a wait nested in another one) simply
 * allocates a node.
 */
public abstract class WaitNode implements Awaitable {
    /*
     * state: WAITING (0) -> any non-zero completion state chosen by the primitive, once per wait,
     * by the completer, with a release store (complete); read by the waiter with a volatile load
     * (state/isDone). any -> WAITING: reset(), by the owner only, a plain store made while nobody
     * else can reach the node (the hand-back rule) and published with the node by the next
     * enqueue under the queue's lock. Links (prev, next, queued): written and read only under the
     * lock of the queue that holds the node (and read by the owner after the wait, see isQueued).
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

    /**
     * The strand to wake. Written by the owner (constructor or {@link #reset}) before the node is
     * published by adding it to a queue under that queue's lock; every other reader reads it under
     * that lock (the lock's release/acquire carries the write), and a completer only before it
     * calls {@link #complete} (see "the hand-back rule").
     */
    private Strand strand;

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

    /**
     * Re-arms a node for a new wait by its owner {@code strand} (the hand-back rule in the class
     * comment must have held when it was given back): the state goes back to {@link #WAITING}.
     * Call it before publishing the node (adding it to a queue under the queue's lock); that lock
     * publishes these plain writes to completers, and the owner itself reads the state only
     * after them in program order. Subclasses reset their own fields in the same window.
     *
     * @throws IllegalStateException if the node is still queued
     */
    protected final void reset(Strand strand) {
        if (queued) {
            throw new IllegalStateException("a queued node cannot be reset: it is still reachable");
        }
        this.strand = strand;
        STATE.set(this, WAITING); // plain: published by the enqueue under the queue's lock (see above)
    }

    /** Strand.cacheNode's check: an unlinked node (the owner's read, see {@link #isQueued()}). */
    static void checkCacheable(WaitNode node) {
        if (node.queued) {
            throw new IllegalStateException("a queued node cannot be cached: it is still reachable (see WaitNode's hand-back rule)");
        }
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
     * {@link #isDone()}. Call it under the queue's lock after removing the node and after reading
     * {@link #strand()} (a completer must not touch the node after this store: its owner may
     * already be reusing it, see "the hand-back rule"), then unlock and unpark that strand.
     */
    public final void complete(int completionState) {
        STATE.setRelease(this, completionState);
    }

    /** True once a completer has called {@link #complete}. */
    @Override
    public final boolean isDone() {
        return (int) STATE.getVolatile(this) != WAITING;
    }

    /**
     * True while the node is in a queue. Read under the queue's lock (or by the owner once the
     * wait is over, when the unlink happened-before its completion or its own abandon).
     */
    public final boolean isQueued() {
        return queued;
    }
}
