package io.spindle.runtime;

/**
 * Thrown in diagnostic mode ({@link Runtime.Builder#diagnostics}) when a fiber tries to park while
 * its carrier holds a {@code synchronized} monitor. On JDK 25 a raw continuation is not pinned by a
 * monitor: it would unmount with the monitor held and mutual exclusion would silently break.
 */
public class SynchronizedParkException extends IllegalStateException {
    public SynchronizedParkException(String message) {
        super(message);
    }
}
