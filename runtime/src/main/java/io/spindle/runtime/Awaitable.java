package io.spindle.runtime;

/**
 * Something a strand waits for with {@link ParkLoop#await}: a queued {@link WaitNode}, or a
 * composite wait such as a select over several channels. Part of the primitive-building kit; see
 * {@link ParkLoop} for how the pieces fit together.
 */
public interface Awaitable {
    /**
     * True once the wait is over (completed by another strand). Must be a volatile (acquire) read
     * that pairs with the completer's release store, so that whatever the completer wrote before
     * completing (a value, an ownership) is visible to the waiter when this returns true.
     */
    boolean isDone();

    /**
     * Called by the waiting strand when it gives up: timeout, cancellation, interrupt, or a park
     * that was refused (see {@link ParkLoop#parkRefusal}). Must atomically either withdraw the
     * registration so that no completer can reach it any more (return true), or find that it
     * already completed (return false; {@link #isDone()} must then be true when this returns).
     */
    boolean tryAbandon();
}
