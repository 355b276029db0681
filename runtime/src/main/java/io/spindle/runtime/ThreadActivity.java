package io.spindle.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts plain (non-fiber) threads parked inside a Spindle operation right now, for the deadlock
 * detector: while one is, a fiber may still be woken by it, so nothing is reported.
 */
final class ThreadActivity {
    private static final AtomicInteger PARKED_THREADS = new AtomicInteger();

    private ThreadActivity() {
    }

    static void enter() {
        PARKED_THREADS.incrementAndGet();
    }

    static void exit() {
        PARKED_THREADS.decrementAndGet();
    }

    static int parkedThreads() {
        return PARKED_THREADS.get();
    }
}
