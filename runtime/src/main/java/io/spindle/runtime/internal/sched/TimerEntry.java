package io.spindle.runtime.internal.sched;

/**
 * One pending timer in a worker's {@link TimerHeap}. Subclasses say what firing means (for a timed
 * park, internal.fiber's FiberTimer: wake the fiber if it is still TIMED_PARKED on this very entry).
 *
 * <p>Cancellation is lazy: {@link #cancel()} only marks the entry (from any thread: a fiber cancels
 * its timer on whatever carrier it resumes on). The owning worker drops a cancelled entry when it
 * reaches the top of the heap ({@link TimerHeap#nextDeadline}, {@link TimerHeap#pollExpired}), or
 * when {@link TimerHeap#add} finds the array full and first compacts away every cancelled entry.
 */
public abstract class TimerEntry {
    final long deadline; // System.nanoTime() based; written once before the entry is shared
    private volatile boolean cancelled; // written (false -> true) by whoever cancels; read by the owner worker

    protected TimerEntry(long deadlineNanos) {
        this.deadline = deadlineNanos;
    }

    public final long deadline() {
        return deadline;
    }

    public final void cancel() {
        cancelled = true;
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    /** Runs on the owning worker's carrier thread, outside any fiber. Must not block. */
    protected abstract void fire(Worker worker);
}
