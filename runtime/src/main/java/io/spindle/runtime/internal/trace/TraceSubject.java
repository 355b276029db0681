package io.spindle.runtime.internal.trace;

/**
 * What the probes and the trace writer need to know about a fiber, without depending on the fiber
 * core (internal.fiber implements it): trace sits below the scheduler and the fiber core, which
 * both call into it.
 */
public interface TraceSubject {
    /** The fiber's id. */
    long id();

    /** The fiber's name (computed on demand: called only while recording or exporting). */
    String name();

    /** What the fiber is parked on, or null. */
    Object blocker();

    /** Why the slice that just ended (not by termination) ended: {@link Probe#END_PARK}, END_TIMED_PARK or END_YIELD. */
    int sliceEndReason();
}
