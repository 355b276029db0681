package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A {@code Fiber.blocking} call: the duration is the time the fiber was parked while its call ran on
 * the blocking pool. Has a stack trace: it shows who made the blocking call.
 */
@Name("io.spindle.BlockingOffload")
@Label("Blocking Offload")
@Category({"Spindle", "Fibers"})
@Description("A fiber handed a blocking call to the blocking pool and parked until it returned")
public final class BlockingOffloadEvent extends jdk.jfr.Event {
    static final BlockingOffloadEvent EVENT = new BlockingOffloadEvent();

    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Call") @Description("Class of the Callable that ran on the blocking pool") public Class<?> callClass;
}
