package io.spindle.runtime.internal.fiber;

import java.time.Duration;

/**
 * Saturating time arithmetic for every timed operation of the runtime ({@code Fiber.sleep},
 * {@code Strand.parkNanos}, {@code Fiber.get(timeout)}, the builder's durations): a huge timeout
 * such as {@code Duration.ofSeconds(Long.MAX_VALUE)} means "no timeout in practice", as in
 * {@code java.util.concurrent}, instead of an {@link ArithmeticException} or an overflowed deadline.
 */
public final class Timeouts {
    /**
     * The longest wait a deadline is computed for: {@code Long.MAX_VALUE / 4} ns, about 73 years.
     * A quarter of the range so that {@code System.nanoTime() + wait} and the differences of two
     * such deadlines (timer heap order, {@code deadline - now}) never overflow. Same cap as the
     * channels' park loop.
     */
    public static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 4;
    private static final Duration MAX_WAIT = Duration.ofNanos(MAX_WAIT_NANOS);

    private Timeouts() {
    }

    /** {@code d} in nanoseconds, saturated to {@link #MAX_WAIT_NANOS} (negative stays negative). */
    public static long toNanos(Duration d) {
        if (d.isNegative()) {
            try {
                return d.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MIN_VALUE;
            }
        }
        return d.compareTo(MAX_WAIT) >= 0 ? MAX_WAIT_NANOS : d.toNanos();
    }

    /** {@code nanos} capped at {@link #MAX_WAIT_NANOS}. */
    public static long cap(long nanos) {
        return Math.min(nanos, MAX_WAIT_NANOS);
    }

    /** A {@code System.nanoTime()} deadline {@code nanos} from now, {@code nanos} clamped to &plusmn;{@link #MAX_WAIT_NANOS}. */
    public static long deadlineAfter(long nanos) {
        // both ends clamped: neither a huge timeout nor a hugely negative one can overflow
        return System.nanoTime() + Math.max(-MAX_WAIT_NANOS, cap(nanos));
    }
}
