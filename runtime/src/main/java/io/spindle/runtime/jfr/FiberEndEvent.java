package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A fiber's body returned or threw (emitted on the carrier it ended on). */
@Name("io.spindle.FiberEnd")
@Enabled(false) // high frequency: off unless a recording asks for it (like jdk.VirtualThreadStart)
@Label("Fiber End")
@Category({"Spindle", "Fibers"})
@Description("A fiber ended")
@StackTrace(false)
public final class FiberEndEvent extends jdk.jfr.Event {
    static final FiberEndEvent EVENT = new FiberEndEvent();

    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Carrier") @Description("Index of the worker (carrier) it ended on") public int carrier;
}
