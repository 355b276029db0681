package io.spindle.sync.internal;

/**
 * Something a strand waits for with {@link ParkLoop#await}: a channel waiter, a select, a lock
 * waiter. Internal to Spindle's channels and sync packages; not a supported API.
 */
public interface Awaitable {
    /** True once the wait is over (completed by someone else). Must be a volatile/acquire read. */
    boolean isDone();

    /**
     * Called by the waiting strand when it gives up (timeout, cancellation, interrupt). Returns true
     * if the wait was abandoned and nothing happened; false if it had already completed, in which
     * case {@link #isDone()} must be true when this returns.
     */
    boolean tryAbandon();
}
