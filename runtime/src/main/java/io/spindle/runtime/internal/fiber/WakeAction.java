package io.spindle.runtime.internal.fiber;

/**
 * What the caller of a racing transition must do next (Tokio's {@code TransitionToNotified}): the
 * transition itself only changes the state; {@link FiberCore#perform} carries the action out, so
 * that "CAS, probe, submit" lives in one method.
 */
public enum WakeAction {
    /** Nothing: somebody else won the race, or the fiber was not parked (the permit will be seen). */
    NOTHING,
    /** The caller won PARKED/TIMED_PARKED -> RUNNABLE: submit the fiber as a wake-up (runnext of the waker's carrier). */
    SUBMIT_WOKEN,
    /** The fiber became RUNNABLE on its own worker (timer, afterYield): the back of that worker's local queue. */
    SUBMIT,
    /** The fiber is PINNED: unpark the carrier thread it blocks. */
    UNPARK_CARRIER
}
