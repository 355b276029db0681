package io.spindle.bench.compare;

import io.spindle.runtime.observe.RuntimeStats;

/**
 * The change in a Spindle runtime's scheduler counters over some runs (see {@link RuntimeStats}):
 * what explains the numbers (runnext hand-offs, steals, carrier parks).
 */
public record StatsDelta(long tasksRun, long runnextHits, long localPolls, long globalPolls, long steals,
                         long tasksStolen, long carrierParks, long pinned, long migrations) {

    /** Prefix of the line a forked child prints ({@link #line()}). */
    public static final String LINE_PREFIX = "# stats ";

    /** One line: the prefix and the nine counters, space-separated, in record order. */
    public String line() {
        return LINE_PREFIX + tasksRun + " " + runnextHits + " " + localPolls + " " + globalPolls + " " + steals + " "
                + tasksStolen + " " + carrierParks + " " + pinned + " " + migrations;
    }

    static StatsDelta parse(String line) {
        String[] f = line.substring(LINE_PREFIX.length()).trim().split(" ");
        long[] v = new long[9];
        for (int i = 0; i < Math.min(9, f.length); i++) { // a child without the 9th counter: 0
            v[i] = Long.parseLong(f[i]);
        }
        return new StatsDelta(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    public static StatsDelta between(RuntimeStats a, RuntimeStats b) {
        return new StatsDelta(b.tasksRun() - a.tasksRun(), b.runnextHits() - a.runnextHits(),
                b.localPolls() - a.localPolls(), b.globalPolls() - a.globalPolls(), b.steals() - a.steals(),
                b.tasksStolen() - a.tasksStolen(), b.carrierParks() - a.carrierParks(), b.pinned() - a.pinned(),
                b.migrations() - a.migrations());
    }

    StatsDelta plus(StatsDelta o) {
        return new StatsDelta(tasksRun + o.tasksRun, runnextHits + o.runnextHits, localPolls + o.localPolls,
                globalPolls + o.globalPolls, steals + o.steals, tasksStolen + o.tasksStolen,
                carrierParks + o.carrierParks, pinned + o.pinned, migrations + o.migrations);
    }

    /** Share of task runs that came from the runnext slot, in percent. */
    double runnextPercent() {
        return tasksRun == 0 ? 0 : 100.0 * runnextHits / tasksRun;
    }
}
