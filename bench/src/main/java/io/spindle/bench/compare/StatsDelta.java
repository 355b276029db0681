package io.spindle.bench.compare;

import io.spindle.runtime.RuntimeStats;

/**
 * The change in a Spindle runtime's scheduler counters over some runs (see {@link RuntimeStats}):
 * what explains the numbers (runnext hand-offs, steals, carrier parks).
 */
public record StatsDelta(long tasksRun, long runnextHits, long localPolls, long globalPolls, long steals,
                         long tasksStolen, long carrierParks, long pinned) {

    static StatsDelta between(RuntimeStats a, RuntimeStats b) {
        return new StatsDelta(b.tasksRun() - a.tasksRun(), b.runnextHits() - a.runnextHits(),
                b.localPolls() - a.localPolls(), b.globalPolls() - a.globalPolls(), b.steals() - a.steals(),
                b.tasksStolen() - a.tasksStolen(), b.carrierParks() - a.carrierParks(), b.pinned() - a.pinned());
    }

    StatsDelta plus(StatsDelta o) {
        return new StatsDelta(tasksRun + o.tasksRun, runnextHits + o.runnextHits, localPolls + o.localPolls,
                globalPolls + o.globalPolls, steals + o.steals, tasksStolen + o.tasksStolen,
                carrierParks + o.carrierParks, pinned + o.pinned);
    }

    /** Share of task runs that came from the runnext slot, in percent. */
    double runnextPercent() {
        return tasksRun == 0 ? 0 : 100.0 * runnextHits / tasksRun;
    }
}
