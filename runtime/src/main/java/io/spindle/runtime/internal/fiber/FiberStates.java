package io.spindle.runtime.internal.fiber;

/**
 * The fiber state table: the int states of {@link FiberCore}, their names, the transitions allowed
 * between them (as data, checked by an assertion on every state write), and for each state who owns
 * the fiber and which queue, if any, holds it. Like {@code java.lang.VirtualThread}'s constants; the
 * public view is {@code Fiber.State} (see {@code Fiber.state()} for the mapping).
 *
 * <pre>
 * state          owner (who may write the fiber's plain fields)   where the fiber is
 * NEW            the spawning thread                              nowhere (not yet submitted)
 * RUNNABLE       the scheduler                                    one run queue: a runnext slot, a local
 *                                                                 queue or the injection queue
 * RUNNING        the carrier it is mounted on                     mounted (CarrierThread.mounted)
 * PARKING        that carrier, until afterYield                   unmounting; in no queue. In a park
 *                                                                 with unlock the primitive's lock is
 *                                                                 still held (by the carrier, after the
 *                                                                 yield), so no completer sees PARKING
 * PARKED         nobody: the CAS winner of PARKED->RUNNABLE       in no queue; reachable only through
 *                (unpark / resumeBy / cancel / afterYield)        the waiter records that know it. In
 *                becomes owner                                    a park with unlock, the lock is
 *                                                                 released only after this store
 * TIMED_PARKING  that carrier, until afterYield                   unmounting; its timer not yet on a heap
 * TIMED_PARKED   nobody: as PARKED (unpark / resumeBy / cancel /  in no queue; its timer on the heap of
 *                timer)                                           the worker it unmounted from
 * YIELDING       that carrier, until afterYield                   unmounting; then the back of that
 *                                                                 worker's local queue
 * PINNED         the carrier it blocks                            mounted; the carrier is parked in
 *                                                                 LockSupport (FiberCore.parkPinned).
 *                                                                 A park with unlock releases the lock
 *                                                                 itself after publishing PINNED
 * TERMINATED     nobody (fields are final from here on)           nowhere; removed from the registry
 * </pre>
 *
 * Park with unlock (FiberCore's overview) adds no state: it changes who releases the primitive's
 * lock (the carrier, after PARKED/TIMED_PARKED is stored) and how a completer wakes the fiber
 * (resumeBy: the PARKED/TIMED_PARKED -> RUNNABLE CAS alone, no permit).
 */
public final class FiberStates {
    public static final int NEW = 0;
    public static final int RUNNABLE = 1;
    public static final int RUNNING = 2;
    public static final int PARKING = 3;
    public static final int PARKED = 4;
    public static final int TIMED_PARKING = 5;
    public static final int TIMED_PARKED = 6;
    public static final int YIELDING = 7;
    public static final int PINNED = 8;
    public static final int TERMINATED = 9;

    static final int COUNT = 10;

    private static final String[] NAMES = {
        "NEW", "RUNNABLE", "RUNNING", "PARKING", "PARKED", "TIMED_PARKING", "TIMED_PARKED", "YIELDING",
        "PINNED", "TERMINATED"
    };

    /**
     * The transition table: {@code ALLOWED[from]} has bit {@code to} set when from -> to is a legal
     * transition. See FiberCore's overview: State machine, for who makes each one.
     */
    private static final int[] ALLOWED = new int[COUNT];

    static {
        allow(NEW, RUNNABLE);                       // start
        allow(RUNNABLE, RUNNING);                   // a carrier mounts it
        allow(RUNNING, PARKING);                    // park
        allow(RUNNING, TIMED_PARKING);              // timed park, sleep
        allow(RUNNING, YIELDING);                   // yieldNow, budget spent
        allow(RUNNING, TERMINATED);                 // the body returned or threw
        allow(PARKING, PARKED);                     // afterYield
        allow(PARKING, PINNED);                     // the yield failed
        allow(TIMED_PARKING, TIMED_PARKED);         // afterYield, timer registered
        allow(TIMED_PARKING, PINNED);               // the yield failed
        allow(PINNED, RUNNING);                     // permit (unpark or resumeBy), cancellation or timeout
        allow(PARKED, RUNNABLE);                    // unpark / resumeBy / cancel (CAS) or afterYield's recheck
        allow(TIMED_PARKED, RUNNABLE);              // unpark / resumeBy / cancel / timer (CAS) or afterYield's recheck
        allow(YIELDING, RUNNING);                   // the yield failed (pinned): carry on
        allow(YIELDING, RUNNABLE);                  // afterYield: back of the local queue
    }

    private FiberStates() {
    }

    private static void allow(int from, int to) {
        ALLOWED[from] |= 1 << to;
    }

    /** True if {@code from -> to} is in the transition table. */
    public static boolean allowed(int from, int to) {
        return from >= 0 && from < COUNT && (ALLOWED[from] & (1 << to)) != 0;
    }

    /** The name of an internal state, for messages and dumps. */
    public static String name(int state) {
        if (state < 0 || state >= COUNT) {
            throw new AssertionError("unknown fiber state " + state);
        }
        return NAMES[state];
    }

    /** True for the states in which the fiber waits for a wake-up (PARKED, TIMED_PARKED, PINNED). */
    public static boolean isParked(int state) {
        return state == PARKED || state == TIMED_PARKED || state == PINNED;
    }
}
