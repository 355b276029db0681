package io.spindle.runtime.internal.sched;

/**
 * A run-queue entry that is a fiber's continuation. The continuation object itself is queued (no
 * extra runner object per fiber); the worker calls {@link #runOnCarrier()} instead of
 * {@link Runnable#run()}, which for a continuation would only mount it without the scheduler's
 * bookkeeping around the yield.
 */
public interface FiberTask extends Runnable {
    /** Mounts the fiber on the current carrier, runs it until it parks, yields or ends. */
    void runOnCarrier();
}
