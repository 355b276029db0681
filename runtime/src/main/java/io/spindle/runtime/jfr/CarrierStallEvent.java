package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A fiber has held its carrier longer than the stall threshold: blocked outside Spindle (a monitor,
 * {@code Thread.sleep}, {@code Object.wait}, a j.u.c lock, native I/O) or busy. Emitted by the stall
 * watchdog's thread (so it carries no stack trace of its own: {@code frame} names the call).
 */
@Name("io.spindle.CarrierStall")
@Label("Carrier Stall")
@Category({"Spindle", "Carriers"})
@Description("A fiber held its carrier past the stall threshold")
@StackTrace(false)
public final class CarrierStallEvent extends jdk.jfr.Event {
    static final CarrierStallEvent EVENT = new CarrierStallEvent();

    @Label("Runtime") public String runtime;
    @Label("Fiber Id") public long fiberId;
    @Label("Fiber Name") public String fiberName;
    @Label("Carrier") public String carrier;
    @Label("Kind") @Description("MONITOR, WAITING, NATIVE or BUSY") public String kind;
    @Label("Frame") @Description("The blocking call, or the application frame that spins") public String frame;
    @Label("Lock") @Description("The lock waited for and its owner, where the JVM can say") public String lock;
    @Label("Held (ms)") public long heldMillis;
}
