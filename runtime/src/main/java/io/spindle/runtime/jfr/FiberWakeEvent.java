package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A parked fiber was made runnable again (an unpark, a cancellation or its timer). Emitted by the
 * waker; the event thread is the waker's thread (a carrier when the waker is a fiber).
 */
@Name("io.spindle.FiberWake")
@Enabled(false) // high frequency: off unless a recording asks for it (like jdk.VirtualThreadStart)
@Label("Fiber Wake")
@Category({"Spindle", "Fibers"})
@Description("A parked fiber was woken")
@StackTrace(false)
public final class FiberWakeEvent extends jdk.jfr.Event {
    static final FiberWakeEvent EVENT = new FiberWakeEvent();

    @Label("Fiber Id") @Description("The fiber that was woken") public long fiberId;
    @Label("Waker Fiber Id") @Description("The fiber that woke it; 0 for a plain thread, a timer, or a fiber's end waking its"
            + " joiners (then the FiberEnd event just before it on the same carrier names the fiber)")
    public long wakerFiberId;
    @Label("Cause") @Description("unpark, cancel or timer") public String cause;
}
