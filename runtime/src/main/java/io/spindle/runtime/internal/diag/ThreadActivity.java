package io.spindle.runtime.internal.diag;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts plain (non-fiber) threads parked inside a Spindle operation right now, for the deadlock
 * detector: while one is, a fiber may still be woken by it, so nothing is reported.
 */
public final class ThreadActivity {
    private static final AtomicInteger PARKED_THREADS = new AtomicInteger();

    private ThreadActivity() {
    }

    public static void enter() {
        PARKED_THREADS.incrementAndGet();
    }

    public static void exit() {
        PARKED_THREADS.decrementAndGet();
    }

    public static int parkedThreads() {
        return PARKED_THREADS.get();
    }
}
