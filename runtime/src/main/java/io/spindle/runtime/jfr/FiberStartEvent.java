package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A fiber was spawned (emitted by the spawning thread), like {@code jdk.VirtualThreadStart}. */
@Name("io.spindle.FiberStart")
@Enabled(false) // high frequency: off unless a recording asks for it (like jdk.VirtualThreadStart)
@Label("Fiber Start")
@Category({"Spindle", "Fibers"})
@Description("A fiber was spawned on a Spindle runtime")
@StackTrace(false)
public final class FiberStartEvent extends jdk.jfr.Event {
    /** The instance whose {@code isEnabled()} gates emission; see SpindleEvents. */
    static final FiberStartEvent EVENT = new FiberStartEvent();

    @Label("Runtime") public String runtime;
    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Parent Fiber Id") @Description("The spawning fiber, 0 when spawned from a plain thread")
    public long parentFiberId;
}
