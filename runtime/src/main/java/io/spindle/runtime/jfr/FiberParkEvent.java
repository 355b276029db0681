package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A fiber parked: the event's duration is the time from the park until the fiber ran again (like
 * {@code jdk.ThreadPark}). Begun by the fiber before it yields and committed after it resumes, so the
 * event thread is the carrier it resumed on.
 */
@Name("io.spindle.FiberPark")
@Enabled(false) // high frequency: off unless a recording asks for it (like jdk.VirtualThreadStart)
@Label("Fiber Park")
@Category({"Spindle", "Fibers"})
@Description("A fiber parked (unmounted from its carrier) until woken, timed out or cancelled")
@StackTrace(false)
public final class FiberParkEvent extends jdk.jfr.Event {
    static final FiberParkEvent EVENT = new FiberParkEvent();

    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Parked On") @Description("Class of the blocker passed to Strand.park, if any") public Class<?> blockerClass;
    @Label("Timeout") @Timespan(Timespan.NANOSECONDS) @Description("0 for an untimed park") public long timeout;
}
