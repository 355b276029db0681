package io.spindle.runtime.internal.sched;

/**
 * Go's netpoll hook (proc.go findRunnable): lets a carrier poll the network itself instead of a
 * dedicated poller thread doing it. Set on the Scheduler only in the carrier-polling mode of the
 * network poller ({@code -Dspindle.net.poller=carrier}, see docs/net.md); null otherwise.
 * Readiness found by a carrier wakes the fibers from that carrier, so they land in its own runnext
 * and local queue instead of the injection queue.
 */
public interface NetPoll {
    /** Non-blocking poll (skipped if another carrier is polling). Returns the number of waiters woken. */
    int pollNow();

    /**
     * Blocks in the poller for at most {@code nanos} ({@code <= 0}: no limit) instead of parking the
     * carrier. Returns false at once when another carrier is polling (the caller parks as usual).
     */
    boolean pollBlocking(long nanos);

    /** True while some carrier is blocked in {@link #pollBlocking}. */
    boolean someoneBlocked();

    /** Makes a carrier blocked in {@link #pollBlocking} return. */
    void wakeup();
}
