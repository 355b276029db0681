package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A worker's local run queue: the {@link RunQueue} ring, the {@code runnext} slot and the runnext
 * streak, with the two views the scheduler needs kept apart (Tokio's queue::Local / queue::Steal):
 * <ul>
 *   <li>the owner view, this class's methods: called only by the owning worker's carrier thread
 *       (plain fields, no fences beyond the ring's own);</li>
 *   <li>the {@link Thief} view ({@link #thief()}): what other workers may do, any thread: steal half
 *       of the ring, ask whether it holds work. A thief never sees runnext (like Go, which steals
 *       runnext only as a last resort, and Tokio, which never does).</li>
 * </ul>
 *
 * <p>Order of the owner's {@link #next()}: runnext, taken at most {@link #MAX_RUNNEXT_STREAK} times
 * in a row, then it goes to the back of the ring (Tokio's MAX_LIFO_POLLS_PER_TICK), so that two
 * fibers that wake each other forever cannot starve the rest of the queue; then the ring (FIFO).
 */
public final class LocalQueue {
    /** Go's and Tokio's local queue size. Override: -Dspindle.localQueueCapacity (power of two). */
    public static final int DEFAULT_CAPACITY = RunQueue.DEFAULT_CAPACITY;
    /** Tokio's MAX_LIFO_POLLS_PER_TICK. Override: -Dspindle.maxRunnextStreak. */
    static final int MAX_RUNNEXT_STREAK = Integer.getInteger("spindle.maxRunnextStreak", 3);

    private final RunQueue ring;
    private final WorkerCounters counters;  // the owner's: bumped here, on the owner's thread only
    private final Consumer<Runnable> overflowSink;
    private final Thief thief = new Thief();
    private Runnable runnext;               // owner: plain accesses; the rescuer view: getAndSet (see Rescuer)
    private int runnextStreak;              // owner only

    LocalQueue(int capacity, WorkerCounters counters, Consumer<Runnable> overflowSink) {
        this.ring = new RunQueue(capacity);
        this.counters = counters;
        this.overflowSink = overflowSink;
    }

    // ------------------------------------------------------------------ owner view

    /** Owner only: a task for the back of the ring (overflow: half the ring to the injection queue). */
    void push(Runnable task) {
        if (ring.push(task, overflowSink) > 0) {
            counters.overflows++;
        }
    }

    /** Owner only: pushes only if there is room (never overflows). */
    boolean offer(Runnable task) {
        return ring.offer(task);
    }

    /** Owner only: puts {@code task} in runnext; returns the task it displaced, or null. */
    Runnable setRunnext(Runnable task) {
        Runnable prev = runnext;
        runnext = task;
        return prev;
    }

    /** Owner only: runnext (streak-capped), else the ring's head; null when both are empty. */
    Runnable next() {
        Runnable r = runnext;
        if (r != null) {
            runnext = null;
            if (runnextStreak < MAX_RUNNEXT_STREAK) {
                runnextStreak++;
                counters.runnextHits++;
                return r;
            }
            push(r);
        }
        runnextStreak = 0;
        return pollRing();
    }

    /** Owner only: true if runnext or the ring holds a task (net, issue 12: after a carrier's network poll). */
    boolean ownerHasWork() {
        return runnext != null || !ring.isEmpty();
    }

    /** Owner only: the ring's head (runnext untouched), or null. */
    Runnable pollRing() {
        Runnable l = ring.poll();
        if (l != null) {
            counters.localPolls++;
        }
        return l;
    }

    /** Any thread, racy (a hint for the console): whether runnext holds a task. */
    boolean runnextOccupiedRacy() {
        return runnext != null;
    }

    /** Owner only: moves runnext to the back of the ring (before the carrier blocks). */
    void flushRunnext() {
        Runnable r = runnext;
        if (r != null) {
            runnext = null;
            push(r);
        }
    }

    /** Owner only: steals half of {@code victim}'s ring into this one; the number moved. */
    int stealFrom(Thief victim) {
        return victim.stealInto(ring);
    }

    int capacity() {
        return ring.capacity();
    }

    /** Approximate number of tasks in the ring (runnext not counted). Any thread. */
    int size() {
        return ring.size();
    }

    // ------------------------------------------------------------------ rescuer view

    private static final VarHandle RUNNEXT;

    static {
        try {
            RUNNEXT = MethodHandles.lookup().findVarHandle(LocalQueue.class, "runnext", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Rescuer rescuer = new Rescuer();

    /** What another worker may do with a stalled or retired worker's runnext (Worker: Orphans and rescue). */
    Rescuer rescuer() {
        return rescuer;
    }

    /**
     * The rescuer view: any thread, only while the owner is stalled (held by one fiber) or gone.
     * The owner keeps its plain accesses (no cost on the hand-off path); a getAndSet here can race
     * with an owner that has just come back, and then both may hold the same task: a fiber's
     * RUNNABLE -> RUNNING CAS (and a virtual thread's own state CAS) makes the second run a no-op.
     */
    final class Rescuer {
        /** Takes runnext (getAndSet, full fence), or null. */
        Runnable takeRunnext() {
            return RUNNEXT.getOpaque(LocalQueue.this) == null ? null
                    : (Runnable) RUNNEXT.getAndSet(LocalQueue.this, (Runnable) null);
        }

        /** True if runnext holds a task (opaque read: a hint). */
        boolean hasRunnext() {
            return RUNNEXT.getOpaque(LocalQueue.this) != null;
        }
    }

    // ------------------------------------------------------------------ thief view

    /** What other workers may do with this queue. */
    Thief thief() {
        return thief;
    }

    /** The thief view: any thread. */
    final class Thief {
        /** Moves half of the ring (rounded up) into {@code dst}, owned by the caller. */
        private int stealInto(RunQueue dst) {
            return ring.stealInto(dst);
        }

        /** True if the ring holds a task (Idle rule 4b's recheck). */
        boolean hasWork() {
            return !ring.isEmpty();
        }
    }
}
