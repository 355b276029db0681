package io.spindle.runtime.internal.console;

import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.TraceSubject;

/**
 * What a carrier is doing at the instant the console looks: a classification of racy reads of the
 * worker's own fields and of the carrier thread's JVM state. It is a hint (the carrier moves on while
 * we look), which is all a picture refreshed four times a second needs.
 *
 * <table>
 *   <tr><th>activity</th><th>when</th></tr>
 *   <tr><td>running</td><td>a fiber is mounted and the thread is RUNNABLE</td></tr>
 *   <tr><td>vthread</td><td>a virtual thread (virtualThreadBuilder) runs on it</td></tr>
 *   <tr><td>blocked</td><td>a fiber or virtual thread is mounted but the thread is BLOCKED or WAITING:
 *       blocked outside Spindle (a monitor, a pinned park, a JDK blocking call)</td></tr>
 *   <tr><td>stalled</td><td>the stall watchdog marked it: blocked outside Spindle past the threshold,
 *       its queue taken over by the others (compensated by an extra carrier when needed)</td></tr>
 *   <tr><td>parked</td><td>the worker parked for lack of work</td></tr>
 *   <tr><td>searching</td><td>the worker is one of the searchers (stealing)</td></tr>
 *   <tr><td>scheduling</td><td>between two tasks: polling its queues, firing timers</td></tr>
 * </table>
 */
record CarrierActivity(String activity, String fiber) {

    static CarrierActivity of(Worker w, Thread carrier) {
        if (w.isStalled()) {
            Object m = w.mountedTask();
            return new CarrierActivity("stalled", m instanceof TraceSubject f ? f.name() + " #" + f.id() : null);
        }
        if (w.parkedNow()) {
            return new CarrierActivity("parked", null);
        }
        Object mounted = w.mountedTask();
        boolean vthread = w.runningVirtualThreadNow();
        if (mounted != null || vthread) {
            String what = mounted instanceof TraceSubject f ? f.name() + " #" + f.id() : "virtual thread";
            Thread.State s = carrier.getState();
            boolean blocked = s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            return new CarrierActivity(blocked ? "blocked" : mounted != null ? "running" : "vthread", what);
        }
        if (w.searchingNow()) {
            return new CarrierActivity("searching", null);
        }
        return new CarrierActivity("scheduling", null);
    }
}
