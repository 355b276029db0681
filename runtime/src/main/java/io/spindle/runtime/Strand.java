package io.spindle.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The low-level park/wake API that Spindle's channels and sync primitives are built on, and that
 * third parties can build their own primitives on. A strand is either a {@link Fiber} or a plain
 * thread; the API behaves the same for both.
 *
 * <h2>Permit semantics (like {@link LockSupport})</h2>
 * Every strand has one permit, initially unavailable.
 * <ul>
 *   <li>{@link #unpark()} makes the permit available (it does not accumulate: two unparks make one
 *       permit) and, if the strand is parked, wakes it.</li>
 *   <li>{@link #park()} consumes the permit and returns at once if it is available; otherwise the
 *       current strand parks until it is unparked. A fiber parks by yielding its continuation (its
 *       carrier thread goes on running other fibers); a thread parks with {@code LockSupport.park}.</li>
 *   <li>{@link #parkNanos(long)} parks for at most the given time. A fiber's timeout is a timer on
 *       its carrier's worker; a thread uses {@code LockSupport.parkNanos}.</li>
 *   <li>Park may return spuriously, and on a plain thread it returns when the thread is
 *       interrupted. Always call it in a loop that rechecks your condition.</li>
 * </ul>
 *
 * <h2>Cancellation</h2>
 * In a fiber that has been {@linkplain Fiber#cancel() cancelled}, {@code park} and
 * {@code parkNanos} throw {@link FiberCancelledException} instead of parking. A primitive must
 * therefore undo its registration (remove its waiter record) in a {@code finally} block or a catch.
 * Plain threads are never cancelled; they see {@link Thread#interrupt()} instead, as in
 * {@code java.util.concurrent}: park returns, and the primitive decides what to throw.
 *
 * <h2>How to build a primitive</h2>
 * <pre>{@code
 * // a one-shot latch: waiters push themselves, the opener wakes them all
 * Strand me = Strand.current();
 * waiters.add(me);                       // 1. publish who to wake (a volatile/CAS write)
 * try {
 *     while (!open) Strand.park(this);   // 2. recheck the condition after every return
 * } finally {
 *     waiters.remove(me);                // 3. clean up, also on cancellation
 * }
 * // opener: open = true; then for each waiter: waiter.unpark();
 * }</pre>
 * Because the permit is kept when unpark comes first, the classic lost-wake-up race (the opener
 * runs between the waiter's check and its park) cannot happen.
 *
 * <p>Wake-ups from a carrier thread go to that carrier's {@code runnext} slot, so a hand-off
 * between two fibers stays on one core; wake-ups from a plain thread go to the injection queue.
 * Never call {@code unpark} while holding a lock that the woken strand will need first.
 * <p>Build queues, timeouts, cancellation and refused parks on the kit instead: see {@link ParkLoop}.
 */
public sealed interface Strand permits Fiber, ThreadStrand {

    /** The current fiber, or a handle for the current plain (or virtual) thread. Never null. */
    static Strand current() {
        Fiber<?> f = Fiber.current();
        return f != null ? f : ThreadStrand.current();
    }

    /** Parks the current strand until unparked. See the class comment. */
    static void park() {
        FiberContinuation f = FiberContinuation.mounted();
        if (f != null) {
            f.parkFiber(0, null); // direct: one frame fewer on every parked fiber's stack
        } else {
            park(null);
        }
    }

    /**
     * Parks the current strand until unparked, recording {@code blocker} (the object it waits on)
     * for fiber dumps and deadlock reports, like {@link LockSupport#park(Object)}.
     */
    static void park(Object blocker) {
        FiberContinuation f = FiberContinuation.mounted();
        if (f != null) {
            f.parkFiber(0, blocker);
        } else {
            ThreadStrand.current().parkSelf(blocker);
        }
    }

    /** Parks for at most {@code nanos}; returns at once if {@code nanos <= 0}. */
    static void parkNanos(long nanos) {
        parkNanos(null, nanos);
    }

    /** Parks for at most {@code nanos}, recording {@code blocker}. */
    static void parkNanos(Object blocker, long nanos) {
        FiberContinuation f = FiberContinuation.mounted();
        if (nanos <= 0) {
            if (f != null) {
                f.checkCancelled();
            }
            return;
        }
        if (f != null) {
            f.parkFiber(nanos, blocker);
        } else {
            ThreadStrand.current().parkSelfNanos(blocker, nanos);
        }
    }

    /**
     * Throws {@link FiberCancelledException} if the current strand is a cancelled fiber. Primitives
     * call it before an operation that would otherwise complete without parking, so that a
     * cancelled fiber stops at its next Spindle operation.
     */
    static void checkCancelled() {
        FiberContinuation f = FiberContinuation.mounted();
        if (f != null) {
            f.checkCancelled();
        }
    }

    /**
     * Cooperative budget (Tokio's coop): counts one Spindle operation against the current fiber's
     * budget of 128 operations per scheduling ({@code -Dspindle.budget}); when it is spent, the fiber
     * yields, so that a fiber whose operations never park cannot hold its carrier forever.
     * Primitives call it on their fast paths. A no-op on plain threads.
     */
    static void cooperate() {
        Fiber.cooperate();
    }

    /** Makes this strand's permit available and wakes it if it is parked. Callable from anywhere. */
    void unpark();

    /**
     * {@link #unpark()} called by {@code waker}, which must be the current strand (the one running
     * this call), as a primitive that already holds it from {@link #current()} has it: the wake-up
     * then needs no second lookup of the current carrier (a fiber woken by a fiber goes to the
     * waker's carrier's {@code runnext}, exactly as with {@code unpark()}). Passing any other strand
     * is undefined.
     */
    void unparkBy(Strand waker);

    /**
     * Wakes this strand, which waits in {@link ParkLoop#awaitUnlocking} on a node that the caller
     * has just completed under the {@link ParkLock} this strand parked with (call it after
     * releasing that lock: never wake under a lock). {@code waker} must be the current strand, as
     * for {@link #unparkBy}. Because the lock was released only after this strand was fully
     * parked, a parked fiber is woken with one CAS on its state: no permit is made available, and
     * none is needed. A fiber that is not parked at that moment was already resumed by something
     * else (its deadline, a cancellation, a spurious wake-up) and rechecks its node before parking
     * again. A plain thread is unparked ({@code LockSupport.unpark}).
     *
     * <p>Only for that protocol: a strand waiting in {@link #park()} or {@link ParkLoop#await}
     * must be woken with {@link #unpark()}/{@link #unparkBy}, since this method does not make the
     * permit available (to such a strand it is at most a spurious wake-up).
     */
    void resumeBy(Strand waker);

    // ---- the same operations for a strand that already knows it is the current one ----
    //
    // Looking up the current fiber costs an indirect call (see CarrierThread.current(): it must not
    // be inlined), about 5-20 ns. A primitive that already holds the current strand (it called
    // Strand.current() once at the start of the operation) can skip the repeated lookups with the
    // methods below. They must only be called on the strand that is running them: calling them on
    // another strand is undefined (diagnostic mode checks it for fibers).

    /** {@link #park(Object)} for this strand, which must be the current one. */
    void parkSelf(Object blocker);

    /** {@link #parkNanos(Object, long)} for this strand, which must be the current one. */
    void parkSelfNanos(Object blocker, long nanos);

    /** {@link #cooperate()} for this strand, which must be the current one. */
    void cooperateSelf();

    /** {@link #checkCancelled()} for this strand, which must be the current one. */
    void checkCancelledSelf();

    // ---- the per-strand node cache (WaitNode's "hand-back rule") ----
    //
    // One slot per strand, so that a primitive's waiter record costs no allocation per wait in the
    // steady state (Go keeps a per-P cache of sudogs). Owner only: like the *Self methods, call
    // them only on the current strand; the slot is a plain field, never read by another thread.

    /**
     * Takes this strand's cached wait record if it is a {@code type} (the slot becomes empty);
     * null if the slot is empty or holds a record of another type (which then stays cached). Call
     * it at the start of a wait, on the current strand only, and {@link WaitNode#reset re-arm} the
     * record before publishing it. A wait nested in another (the slot was taken) gets null and
     * allocates its own record.
     *
     * @param <N> the record type
     * @param type the exact record class the primitive uses
     * @return the cached record, or null
     */
    <N extends WaitNode> N takeCachedNode(Class<N> type);

    /**
     * Gives {@code node} back to this strand's slot for its next wait, replacing whatever is
     * there (the most recently used record type stays cached). Call it on the current strand only,
     * and only when WaitNode's <b>hand-back rule</b> holds: the wait ended normally, the node is
     * unlinked and completed or abandoned, no other thread can still reach it, and it holds no
     * user value any more. Never call it on a path that ends in an exception.
     *
     * @throws IllegalStateException if the node is still queued
     */
    void cacheNode(WaitNode node);

    /** True for a fiber, false for a thread. */
    boolean isFiber();

    /** A name for diagnostics: the fiber's or the thread's. */
    String name();
}
