package io.spindle.runtime;

import io.spindle.runtime.internal.diag.MonitorCheck;
import io.spindle.runtime.internal.fiber.Timeouts;
import java.time.Duration;

/**
 * The primitive-building kit's park loop: parks the current strand until an {@link Awaitable} is
 * done, a deadline passes, a plain thread is interrupted, or a fiber is cancelled, and in the last
 * three cases abandons the wait (unless it completed meanwhile: completion wins). Spindle's
 * channels, select and sync primitives all wait here. Together with {@link WaitNode} (the waiter
 * record), {@link WaitQueue} (a FIFO of them), {@link ParkLock} (the lock a strand may park with)
 * and {@link Strand} (park/unpark/resumeBy), it is what
 * third parties build their own primitives on, as {@code AbstractQueuedSynchronizer} is for
 * {@code java.util.concurrent}; the same code then parks fibers and blocks plain threads.
 *
 * <h2>Example: a one-shot latch</h2>
 * <pre>{@code
 * final class OneShotLatch {
 *     private static final int OPENED = 1;                  // a completion state of our nodes
 *     private final Object lock = new Object();             // short sections only: never park inside
 *     private final WaitQueue<Node> waiters = new WaitQueue<>();
 *     private volatile boolean open;
 *
 *     private final class Node extends WaitNode {
 *         Node(Strand s) { super(s); }
 *         @Override public boolean tryAbandon() {
 *             synchronized (lock) { return waiters.remove(this); }   // false: opened first
 *         }
 *     }
 *
 *     public void await() {
 *         if (open) return;
 *         Strand me = Strand.current();
 *         SynchronizedParkException refused = ParkLoop.parkRefusal(me);  // see "Refused parks"
 *         if (refused != null) throw refused;            // (before taking our own monitor)
 *         Node n = new Node(me);
 *         synchronized (lock) {
 *             if (open) return;
 *             waiters.add(n);                            // 1. register under the lock
 *         }
 *         ParkLoop.await(n, this, me);                   // 2. park until completed; a fiber
 *     }                                                  //    parks, a thread blocks
 *
 *     public void open() {
 *         List<Strand> wake = new ArrayList<>();
 *         synchronized (lock) {
 *             open = true;
 *             for (Node n; (n = waiters.poll()) != null; ) {
 *                 wake.add(n.strand());              // (read before complete: WaitNode's
 *                 n.complete(OPENED);                // hand-back rule) 3. complete under the lock ...
 *             }
 *         }
 *         wake.forEach(Strand::unpark);                  // ... wake after unlocking
 *     }
 * }
 * }</pre>
 * A {@code synchronized} block is fine for a lock held for a few instructions and never across a
 * park or an unpark. The runtime's test suite has this latch in full ({@code io.spindle.kitdemo},
 * with timeouts and interrupts), tested from fibers and threads.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Register (queue the node) and complete (dequeue, write, {@link WaitNode#complete}) under
 *       one lock; unpark only after unlocking.</li>
 *   <li>Every way out of {@link #await} other than completion has already withdrawn the node
 *       (through {@link Awaitable#tryAbandon()}); after a {@link #COMPLETED} outcome the node was
 *       completed and its hand-over fields can be read.</li>
 *   <li>A cancelled fiber gets {@link FiberCancelledException} from {@code await} (nothing
 *       happened); an interrupted plain thread gets {@link #INTERRUPTED} with its interrupt status
 *       set again, and the primitive chooses what to throw.</li>
 * </ul>
 *
 * <h2>Park with unlock</h2>
 * A primitive whose lock may be released by another thread (a spin lock, not {@code synchronized})
 * can implement {@link ParkLock} and wait with {@link #awaitUnlocking} instead: it calls it while
 * still holding the lock it registered the node under, and a fiber's lock is released by its
 * carrier only after the fiber has unmounted and is recorded as parked (Go's
 * {@code gopark(unlockf)}). The completer then wakes the strand with
 * {@link Strand#resumeBy(Strand)}, one CAS on a parked fiber's state instead of
 * {@code unpark}'s permit exchange. Spindle's channels, select and sync primitives all wait this
 * way. Every waiter of such a node must use {@code awaitUnlocking} ({@code resumeBy} makes no
 * permit available, so a permit-based wait could miss it); outcomes, exceptions and the abandon
 * rules are those of {@link #await}. In the latch above: {@code ParkLoop.awaitUnlocking(n, this,
 * lock, false, 0, me, true)} inside the locked section (with {@code lock} a {@code ParkLock}), and
 * {@code Strand::unpark} becomes {@code s -> s.resumeBy(Strand.current())}.
 *
 * <h2>Refused parks</h2>
 * In diagnostic mode ({@link Runtime.Builder#diagnostics}) a fiber that would park while its carrier
 * holds a {@code synchronized} monitor is refused with {@link SynchronizedParkException}. A refused
 * operation must leave nothing behind, so check {@link #parkRefusal(Strand)} before registering
 * and throw what it returns (after unlocking, if you hold a lock; do not check inside a
 * {@code synchronized} block of your own, which the check would see as held). {@code await}
 * also treats any exception from the park itself like a cancellation (it abandons the wait, and
 * completion wins), so a registration is never left behind.
 *
 * <h2>Timeouts</h2>
 * Deadlines are {@link System#nanoTime()} values made by {@link #deadlineAfter(long)}, which caps
 * huge timeouts so that the arithmetic cannot overflow; {@link #toNanos(Duration)} saturates
 * instead of throwing. So {@code Duration.ofSeconds(Long.MAX_VALUE)} or {@code Long.MAX_VALUE}
 * nanoseconds mean "no timeout in practice", as in {@code java.util.concurrent}.
 */
public final class ParkLoop {
    /** The wait completed (possibly while we were giving up: completion wins). */
    public static final int COMPLETED = 0;
    /** The deadline passed and the wait was abandoned. */
    public static final int TIMED_OUT = 1;
    /** A plain thread was interrupted and the wait was abandoned; its interrupt status is set. */
    public static final int INTERRUPTED = 2;

    /**
     * Longest timed wait, about 73 years: keeps {@code deadline - nanoTime()} and the runtime's
     * {@code nanoTime() + wait} from overflowing (nanoTime's origin may be any value, so a quarter
     * of the range leaves room on both sides).
     */
    public static final long MAX_WAIT_NANOS = Timeouts.MAX_WAIT_NANOS;

    private ParkLoop() {
    }

    /** An untimed, interruptible wait: {@code await(a, blocker, false, 0, me, true)}. */
    public static int await(Awaitable a, Object blocker, Strand me) {
        return await(a, blocker, false, 0, me, true);
    }

    /** An interruptible wait: {@code await(a, blocker, timed, deadline, me, true)}. */
    public static int await(Awaitable a, Object blocker, boolean timed, long deadline, Strand me) {
        return await(a, blocker, timed, deadline, me, true);
    }

    /**
     * Waits for {@code a}, parking {@code me}, which must be the current strand (looked up once by
     * the caller, see {@link Strand#parkSelf}). {@code blocker} is recorded for fiber dumps and
     * deadlock reports. {@code deadline} is a {@link System#nanoTime()} value from
     * {@link #deadlineAfter(long)}, used only when {@code timed}. An interrupt of a plain thread
     * abandons an {@code interruptible} wait and is remembered by an uninterruptible one; either way
     * the thread's interrupt status is set again on return.
     *
     * @return {@link #COMPLETED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
     * @throws FiberCancelledException if the current fiber is cancelled and the wait was abandoned
     * @throws SynchronizedParkException (diagnostic mode) if the park was refused and the wait was
     *         abandoned; any other exception thrown by the park is handled the same way
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
                } catch (Throwable parkFailed) {
                    // Cancellation, a refused park (diagnostic mode), or anything else: withdraw the
                    // registration so nothing is left behind. If it completed first, completion
                    // wins: keep the result (a cancelled fiber throws at its next operation).
                    if (a.tryAbandon()) {
                        throw parkFailed;
                    }
                    return COMPLETED;
                }
            }
            return COMPLETED;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@link #await} for a strand that still holds {@code lock}, the lock under which it has just
     * registered {@code a} (Go's {@code gopark(unlockf)}); returns with the lock released, whatever
     * the outcome (also when it throws). Outcomes, exceptions and the abandon rules are exactly
     * those of {@link #await}. The completer, under the same lock, completes the node and, after
     * unlocking, wakes the strand with {@link Strand#resumeBy(Strand)} instead of {@code unpark}.
     *
     * <p>A fiber parks with the lock held: its carrier releases it only after the fiber has
     * unmounted and is recorded as parked. So a completer that holds the lock and finds the node
     * queued knows the fiber is fully parked and wakes it with one CAS on its state: no permit
     * exchange, no permit reset, no recheck of the permit after the unmount. After any other
     * resume (timer, spurious wake-up) the fiber rechecks {@link Awaitable#isDone()}, re-locks,
     * rechecks it under the lock and parks again. A plain thread unlocks first, then waits as
     * {@link #await} does ({@code resumeBy} unparks it).
     *
     * <p>Every waiter on a node whose completer uses {@code resumeBy} must park here (not with
     * {@link #await}): {@code resumeBy} gives no permit, so a permit-based park could miss it.
     *
     * @param lock the lock held by the caller; see {@link ParkLock} for what it must allow
     * @return {@link #COMPLETED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
     * @throws FiberCancelledException as for {@link #await}
     * @throws SynchronizedParkException as for {@link #await}
     */
    public static int awaitUnlocking(Awaitable a, Object blocker, ParkLock lock, boolean timed, long deadline,
                                     Strand me, boolean interruptible) {
        if (!(me instanceof Fiber<?> f)) {
            lock.unlock();
            return await(a, blocker, timed, deadline, me, interruptible);
        }
        FiberContinuation core = f.core();
        while (true) {
            // here the lock is held
            if (a.isDone()) {
                lock.unlock();
                return COMPLETED;
            }
            if (timed && deadline - System.nanoTime() <= 0) {
                lock.unlock();
                return a.tryAbandon() ? TIMED_OUT : COMPLETED;
            }
            try {
                core.parkUnlocking(lock, timed, deadline, blocker); // returns or throws with the lock released
            } catch (Throwable parkFailed) {
                // as in await: cancellation or a refused park withdraws the registration; completion wins
                if (a.tryAbandon()) {
                    throw parkFailed;
                }
                return COMPLETED;
            }
            if (a.isDone()) {
                return COMPLETED; // the common case: resumeBy after completing
            }
            if (timed && deadline - System.nanoTime() <= 0) {
                return a.tryAbandon() ? TIMED_OUT : COMPLETED; // the timer: no need to re-lock first
            }
            lock.lock(); // a spurious wake-up: recheck under the lock, then park again
        }
    }

    /**
     * The exception a park of {@code me} (the current strand) would be refused with right now, or
     * null if it would not be refused. Only in diagnostic mode, for a fiber whose carrier holds a
     * {@code synchronized} monitor (slow then: it inspects the carrier's stack); otherwise a few
     * field reads. Call it before registering a waiter, and throw what it returns after unlocking,
     * so that a refused operation leaves nothing behind.
     */
    public static SynchronizedParkException parkRefusal(Strand me) {
        if (me instanceof Fiber<?> f && f.runtime().diagnostics) {
            String held = MonitorCheck.monitorHeld(f.name()); // the same check as the park's own
            return held != null ? new SynchronizedParkException(held) : null;
        }
        return null;
    }

    /**
     * A deadline {@code nanos} from now, for {@link #await}; a timeout beyond
     * &plusmn;{@link #MAX_WAIT_NANOS} (such as {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE}) is
     * clamped so that the arithmetic cannot overflow, whatever nanoTime's origin.
     */
    public static long deadlineAfter(long nanos) {
        return Timeouts.deadlineAfter(nanos);
    }

    /**
     * {@code d} in nanoseconds, saturating at {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}
     * instead of throwing {@link ArithmeticException} (as {@link java.util.concurrent.TimeUnit}
     * does).
     *
     * @throws NullPointerException if {@code d} is null
     */
    public static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
