package io.spindle.runtime.internal.fiber;

import io.spindle.runtime.internal.sched.TimerEntry;
import io.spindle.runtime.internal.sched.Worker;

/** A timed park's timer. See FiberCore's overview: Timed parks. */
final class FiberTimer extends TimerEntry {
    private final FiberCore fiber;

    FiberTimer(long deadline, FiberCore fiber) {
        super(deadline);
        this.fiber = fiber;
    }

    @Override
    protected void fire(Worker worker) {
        FiberCore f = fiber;
        WakeAction a = f.transitionOnTimer(this);
        if (a != WakeAction.NOTHING) {
            f.perform(a, "timer", worker);
        }
    }
}
