package io.spindle.sync.internal;

import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;

/**
 * The one park loop of Spindle's channels and sync primitives: parks the current strand until an
 * {@link Awaitable} is done, its deadline passes, a plain thread is interrupted, or a fiber is
 * cancelled; in the last three cases it abandons the wait (unless it completed meanwhile, which
 * wins). Internal; not a supported API.
 */
public final class ParkLoop {
    /** The wait completed (possibly while we were giving up: completion wins). */
    public static final int COMPLETED = 0;
    /** The deadline passed and the wait was abandoned. */
    public static final int TIMED_OUT = 1;
    /** A plain thread was interrupted and the wait was abandoned; its interrupt status is set. */
    public static final int INTERRUPTED = 2;

    private ParkLoop() {
    }

    /** An interruptible wait: see {@link #await(Awaitable, Object, boolean, long, boolean, boolean)}. */
    public static int await(Awaitable a, Object blocker, boolean timed, long deadline, Strand me) {
        return await(a, blocker, timed, deadline, me, true);
    }

    /**
     * Waits for {@code a}, parking {@code me} (the current strand, looked up once by the caller).
     * {@code deadline} is a {@link System#nanoTime()} value, used only when
     * {@code timed}. An interrupt of a plain thread abandons an {@code interruptible} wait and is
     * remembered by an uninterruptible one; either way the thread's interrupt status is set again
     * on return.
     *
     * @throws FiberCancelledException if the current fiber is cancelled and the wait was abandoned
     */
    public static int await(Awaitable a, Object blocker, boolean timed, long deadline, Strand me,
                            boolean interruptible) {
        boolean isFiber = me.isFiber();
        boolean interrupted = false;
        try {
            while (!a.isDone()) {
                if (!isFiber && Thread.interrupted()) {
                    interrupted = true;
                    if (interruptible) {
                        return a.tryAbandon() ? INTERRUPTED : COMPLETED;
                    }
                }
                try {
                    if (timed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return a.tryAbandon() ? TIMED_OUT : COMPLETED;
                        }
                        me.parkSelfNanos(blocker, left);
                    } else {
                        me.parkSelf(blocker);
                    }
                } catch (FiberCancelledException e) {
                    if (a.tryAbandon()) {
                        throw e;
                    }
                    return COMPLETED; // it completed first: keep the result; the next operation throws
                }
            }
            return COMPLETED;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Longest timed wait (about 73 years): keeps {@code deadline - nanoTime()} from overflowing. */
    private static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 4;

    /** A deadline {@code nanos} from now; huge timeouts are capped so the arithmetic cannot overflow. */
    public static long deadlineAfter(long nanos) {
        return System.nanoTime() + Math.min(nanos, MAX_WAIT_NANOS);
    }

    /** {@link java.time.Duration} to nanoseconds, saturating instead of throwing on overflow. */
    public static long toNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
