package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An extra (compensating) carrier started because a carrier is blocked outside Spindle while work waits. */
@Name("io.spindle.Compensation")
@Label("Carrier Compensation")
@Category({"Spindle", "Carriers"})
@Description("An extra carrier started to stand in for a blocked one")
@StackTrace(false)
public final class CompensationEvent extends jdk.jfr.Event {
    static final CompensationEvent EVENT = new CompensationEvent();

    @Label("Runtime") public String runtime;
    @Label("Carrier") @Description("The extra carrier's thread") public String carrier;
    @Label("Extra Carriers") @Description("Extra carriers running after this one started") public int extraCarriers;
}
