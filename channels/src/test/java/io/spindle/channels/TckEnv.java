package io.spindle.channels;

import org.reactivestreams.tck.TestEnvironment;

/** The Reactive Streams TCK's timeouts for this project's tests. */
final class TckEnv {
    /**
     * How long the TCK waits for an expected signal. Its default (100 ms) is too tight for a
     * 2-core machine shared with other builds; a passing run never waits this long.
     * Override: {@code -Dspindle.tck.timeoutMillis}.
     */
    static final long TIMEOUT_MILLIS = Long.getLong("spindle.tck.timeoutMillis", 3000);
    /** How long the TCK watches for a signal that must not come (every such check waits this long). */
    static final long NO_SIGNAL_MILLIS = Long.getLong("spindle.tck.noSignalMillis", 100);
    /** How often an expected error is polled for (the TCK's default is the whole timeout). */
    static final long POLL_MILLIS = 10;
    /** How long rule 3.13's test sleeps before it checks that the subscriber was garbage-collected. */
    static final long GC_TIMEOUT_MILLIS = Long.getLong("spindle.tck.gcTimeoutMillis", 1000);

    private TckEnv() {
    }

    static TestEnvironment environment() {
        return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNAL_MILLIS, POLL_MILLIS);
    }
}
