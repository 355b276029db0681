package io.spindle.runtime.internal.sched;

/**
 * One pending timer in a worker's {@link TimerHeap}. Subclasses say what firing means (for a timed
 * park: wake the fiber if it is still parked on this very entry).
 *
 * <p>Cancellation is lazy: {@link #cancel()} marks the entry and the heap drops it when it reaches
 * the top, or during a compaction when more than half of the heap is cancelled.
 */
public abstract class TimerEntry {
    final long deadline; // System.nanoTime() based; written once before the entry is shared
    private volatile boolean cancelled; // written by whoever cancels, read by the owner worker

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
