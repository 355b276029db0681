package io.spindle.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An idle worker stole half of another worker's local run queue. */
@Name("io.spindle.Steal")
@Enabled(false) // high frequency: off unless a recording asks for it (like jdk.VirtualThreadStart)
@Label("Steal")
@Category({"Spindle", "Scheduler"})
@Description("A worker stole tasks from another worker's local run queue")
@StackTrace(false)
public final class StealEvent extends jdk.jfr.Event {
    static final StealEvent EVENT = new StealEvent();

    @Label("Runtime") public String runtime;
    @Label("Thief") @Description("Index of the stealing worker") public int thief;
    @Label("Victim") @Description("Index of the worker robbed") public int victim;
    @Label("Tasks") public int tasks;
}
