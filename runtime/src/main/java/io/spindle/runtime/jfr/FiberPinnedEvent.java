package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A fiber could not unmount (a native frame or a {@code Continuation.pin()} section on its stack)
 * and blocked or kept its carrier instead, like {@code jdk.VirtualThreadPinned}. Has a stack trace:
 * it shows where the park happened.
 */
@Name("io.spindle.FiberPinned")
@Label("Fiber Pinned")
@Category({"Spindle", "Fibers"})
@Description("A fiber's park or yield could not unmount it from its carrier")
public final class FiberPinnedEvent extends jdk.jfr.Event {
    static final FiberPinnedEvent EVENT = new FiberPinnedEvent();

    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Reason") @Description("Why the continuation could not yield (NATIVE, CRITICAL_SECTION, ...)") public String reason;
}
