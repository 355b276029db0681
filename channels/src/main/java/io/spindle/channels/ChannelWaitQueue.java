package io.spindle.channels;

import io.spindle.runtime.WaitQueue;

/**
 * A channel's FIFO of {@link Waiter}s (Go's waitq), guarded by the channel's lock: the runtime
 * kit's {@link WaitQueue} plus what a channel needs, skipping dead select waiters.
 */
final class ChannelWaitQueue extends WaitQueue<Waiter> {

    /**
     * Removes and returns the first waiter that can be claimed ({@link Waiter#tryClaim}); select
     * waiters whose select was already won elsewhere or abandoned are dropped on the way (Go's
     * dequeue does the same). Null if none.
     */
    Waiter pollClaimed() {
        Waiter w;
        while ((w = poll()) != null) {
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /**
     * True if a live waiter is queued; drops dead select waiters from the head on the way (they
     * can never be claimed). Used by select to test readiness without completing.
     */
    boolean hasLive() {
        Waiter w;
        while ((w = peek()) != null) {
            if (w.select == null || w.select.isLive()) {
                return true;
            }
            remove(w);
        }
        return false;
    }
}
