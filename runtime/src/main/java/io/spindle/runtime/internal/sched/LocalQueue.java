package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A worker's local run queue: the {@link RunQueue} ring, the {@code runnext} slot and the runnext
 * streak, with the two views the scheduler needs kept apart (Tokio's queue::Local / queue::Steal):
 * <ul>
 *   <li>the owner view, this class's methods: called only by the owning worker's carrier thread;</li>
 *   <li>the {@link Thief} view ({@link #thief()}): what other workers may do, any thread: steal half
 *       of the ring, ask whether it holds work, and take runnext after a grace (Go's runqgrab).</li>
 * </ul>
 *
 * <p>Order of the owner's {@link #next()}: runnext, then the ring (FIFO). The runnext policy is Go's
 * time-slice inheritance rather than a count cap: a fiber taken from runnext inherits the time slice
 * of the streak it continues, so a consumer and the partner it just woke keep handing off through
 * runnext while the slice lasts, and the partners waiting in the ring are not rotated in every few
 * messages (the old cap of 3, Tokio's MAX_LIFO_POLLS_PER_TICK, did that to fanin's producers). The
 * slice is only checked when somebody waits in the ring (nobody to be fair to otherwise), only
 * after {@link #MAX_RUNNEXT_STREAK} hits, and only every {@link #SLICE_CHECK_EVERY} hits after that
 * (one System.nanoTime per 16 hand-offs). When it is over, runnext goes to the back of the ring and
 * the ring's head runs: two fibers that wake each other forever still cannot starve the queue
 * (StarvationTest).
 *
 * <p>runnext is stealable (Go's runqgrab): a thief whose steal from the ring found nothing may take
 * the victim's runnext, but only the same task it saw there at least {@link #RUNNEXT_GRACE_NANOS}
 * earlier while the victim ran no task in between (its tasksRun unchanged): the victim is stuck in
 * one time slice (a fiber that woke this one and then kept its carrier busy), so the woken fiber
 * runs on the thief's carrier instead of waiting. A hand-off chain on the victim moves runnext every
 * few hundred ns and is never taken. The grace is what Go's "usleep(3) before stealing runnext"
 * does ("avoid thrashing gs between different Ps").
 *
 * <p>Fields: runnext - written by the owner with getAndSet (take, flush, set over a task) or a
 * release store (set into an empty slot: see setRunnext), by thieves only by
 * compareAndSet(seen, null) and by a rescuer (safety: a stalled or retired owner) by getAndSet, so
 * exactly one side gets a given task; read by thieves with acquire, by rescuers opaquely (a hint).
 * runnextStreak, sliceStart - owner only (plain).
 */
public final class LocalQueue {
    /** Go's and Tokio's local queue size. Override: -Dspindle.localQueueCapacity (power of two). */
    public static final int DEFAULT_CAPACITY = RunQueue.DEFAULT_CAPACITY;
    /**
     * runnext hits in a row before the time slice is checked at all: Tokio's MAX_LIFO_POLLS_PER_TICK
     * (3), which used to be the whole cap. Override: -Dspindle.maxRunnextStreak.
     */
    static final int MAX_RUNNEXT_STREAK = Integer.getInteger("spindle.maxRunnextStreak", 3);
    /** After MAX_RUNNEXT_STREAK, the slice is checked every this many hits (a power of two). */
    static final int SLICE_CHECK_EVERY = 16;
    /**
     * How long a runnext streak may keep the carrier while fibers wait in the ring. Go lets runnext
     * inherit a 10 ms slice (sysmon's forcePreemptNS) because it can preempt; without preemption we
     * keep it short: 100 us is a few hundred hand-offs, and keeps a ring task's wait far below a
     * timer tick. Override: -Dspindle.runnextSliceMicros (0: rotate at MAX_RUNNEXT_STREAK, the old cap).
     */
    static final long RUNNEXT_SLICE_NANOS = Long.getLong("spindle.runnextSliceMicros", 100) * 1000;
    /**
     * How long a task must sit in a busy victim's runnext before a thief may take it: Go's runqgrab
     * sleeps 3 us; we use 20 us, one requested search wait (Idle), so a searcher in its window takes it
     * at its next rescan. Override: -Dspindle.runnextGraceMicros (a negative value: never steal runnext).
     */
    static final long RUNNEXT_GRACE_NANOS = Long.getLong("spindle.runnextGraceMicros", 20) * 1000;

    private static final VarHandle RUNNEXT;

    static {
        try {
            RUNNEXT = MethodHandles.lookup().findVarHandle(LocalQueue.class, "runnext", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RunQueue ring;
    private final WorkerCounters counters;  // the owner's: bumped here, on the owner's thread only
    private final Consumer<Runnable> overflowSink;
    private final Thief thief = new Thief();
    @SuppressWarnings("unused") private volatile Runnable runnext; // see the class comment: Fields
    private int runnextStreak;              // owner only
    private long sliceStart;                // owner only: System.nanoTime() when the streak hit MAX

    LocalQueue(int capacity, WorkerCounters counters, Consumer<Runnable> overflowSink) {
        this.ring = new RunQueue(capacity);
        this.counters = counters;
        this.overflowSink = overflowSink;
    }

    // ---- runnext accessors named by mode ----
    private Runnable lpRunnext() { return (Runnable) RUNNEXT.get(this); } // owner: only thieves clear it, a stale non-null is re-checked by xchg
    private Runnable laRunnext() { return (Runnable) RUNNEXT.getAcquire(this); } // thief: pairs with the owner's getAndSet
    private void soRunnext(Runnable r) { RUNNEXT.setRelease(this, r); } // owner, into an empty slot: pairs with the thief's laRunnext
    private Runnable xchgRunnext(Runnable r) { return (Runnable) RUNNEXT.getAndSet(this, r); } // owner vs a thief's CAS
    private boolean casRunnext(Runnable expect) { return RUNNEXT.compareAndSet(this, expect, null); } // thief

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

    /**
     * Owner only: puts {@code task} in runnext; returns the task it displaced, or null. An empty
     * slot is filled with a release store, not an exchange: thieves and rescuers only ever take a
     * non-null task (CAS seen -> null, getAndSet after a non-null read), and only the owner writes
     * a task, so an empty slot stays empty until this store. Saves one locked instruction per
     * hand-off (issue 10, "no regression on spawn and skynet"); a full slot still needs the exchange.
     */
    Runnable setRunnext(Runnable task) {
        if (lpRunnext() == null) {
            soRunnext(task);
            return null;
        }
        return xchgRunnext(task);
    }

    /** Owner only: runnext while the streak's slice lasts (see the class comment), else the ring's head. */
    Runnable next() {
        if (lpRunnext() != null) {
            boolean rotate = runnextStreak >= MAX_RUNNEXT_STREAK && !sliceLeft();
            Runnable r = xchgRunnext(null); // null: a thief took it meanwhile
            if (r != null) {
                if (!rotate) {
                    runnextStreak++;
                    counters.runnextHits++;
                    return r;
                }
                push(r);
            }
        }
        runnextStreak = 0;
        return pollRing();
    }

    /** Owner only, at a runnext hit past MAX_RUNNEXT_STREAK: may the streak go on? */
    private boolean sliceLeft() {
        int past = runnextStreak - MAX_RUNNEXT_STREAK;
        if (past == 0) {
            sliceStart = System.nanoTime(); // the slice starts here: the first hits are free
            return RUNNEXT_SLICE_NANOS > 0 || ring.isEmpty();
        }
        if (ring.isEmpty()) {
            return true; // nobody waits in the ring: nobody to be fair to
        }
        if ((past & (SLICE_CHECK_EVERY - 1)) != 0) {
            return true;
        }
        return System.nanoTime() - sliceStart < RUNNEXT_SLICE_NANOS;
    }

    /** Owner only: true if runnext or the ring holds a task (net, issue 12: after a carrier's network poll). */
    boolean ownerHasWork() {
        return lpRunnext() != null || !ring.isEmpty();
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
        Runnable r = xchgRunnext(null);
        if (r != null) {
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

    private final Rescuer rescuer = new Rescuer();

    /** What another worker may do with a stalled or retired worker's runnext (Worker: Orphans and rescue). */
    Rescuer rescuer() {
        return rescuer;
    }

    /**
     * The rescuer view: any thread, only while the owner is stalled (held by one fiber) or gone.
     * The owner sets and takes runnext with getAndSet (it is stealable, see the class comment), so
     * a rescuer's getAndSet and the owner never both get the same task.
     */
    final class Rescuer {
        /** Takes runnext (getAndSet, full fence), or null. */
        Runnable takeRunnext() {
            return RUNNEXT.getOpaque(LocalQueue.this) == null ? null : xchgRunnext(null);
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

        /** True if the ring holds a task (Idle rule 4b's recheck; runnext is not counted). */
        boolean hasWork() {
            return !ring.isEmpty();
        }

        /** The task in runnext right now, or null (a hint: see {@link #takeRunnext}). */
        Runnable peekRunnext() {
            return laRunnext();
        }

        /** Takes runnext if it still holds {@code seen}; true if the caller now owns that task. */
        boolean takeRunnext(Runnable seen) {
            return casRunnext(seen);
        }
    }
}
