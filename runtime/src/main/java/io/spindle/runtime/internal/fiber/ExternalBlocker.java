package io.spindle.runtime.internal.fiber;

/**
 * A blocker (the object a parked fiber waits on) whose fibers can be woken from outside the runtime,
 * such as a socket whose peer may write at any time. The deadlock detector never counts a fiber
 * parked on one as stuck.
 */
public interface ExternalBlocker {
}
