package io.spindle.runtime.observe;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A snapshot of a runtime's scheduler counters ({@code Runtime.stats()}). Taken without stopping
 * anything, so the numbers are each exact but not from one instant; at quiescence
 * {@code spawned == completed + liveFibers}. {@link #toString()} prints a per-worker table.
 *
 * @param runtime        the runtime's name
 * @param carriers       number of carrier threads
 * @param spawned        fibers spawned in total
 * @param completed      fibers that ended
 * @param liveFibers     fibers spawned and not yet ended
 * @param parkedFibers   live fibers parked right now (waiting for an unpark, a timer or a pin)
 * @param injectionQueue tasks waiting in the global injection queue
 * @param searching      workers searching for work right now
 * @param parkedWorkers  carriers parked for lack of work right now
 * @param blockingActive threads of the blocking pool running a call right now
 * @param stalls         times the stall watchdog saw a fiber hold its carrier past the threshold
 * @param compensations  extra carriers started, in total, to stand in for carriers blocked outside Spindle
 * @param extraCarriers  extra carriers running right now
 * @param workers        per-worker counters (extra carriers' workers after the configured ones)
 * @param net            the network poller's counters (polls, ready events, registrations; see docs/net.md)
 */
public record RuntimeStats(String runtime, int carriers, long spawned, long completed, long liveFibers,
                           long parkedFibers, int injectionQueue, int searching, int parkedWorkers,
                           int blockingActive, long stalls, long compensations, int extraCarriers,
                           List<WorkerStats> workers, NetStats net) {

    /** Without network counters ({@link NetStats#NONE}). */
    public RuntimeStats(String runtime, int carriers, long spawned, long completed, long liveFibers,
                        long parkedFibers, int injectionQueue, int searching, int parkedWorkers,
                        int blockingActive, long stalls, long compensations, int extraCarriers,
                        List<WorkerStats> workers) {
        this(runtime, carriers, spawned, completed, liveFibers, parkedFibers, injectionQueue, searching,
                parkedWorkers, blockingActive, stalls, compensations, extraCarriers, workers, NetStats.NONE);
    }

    public long tasksRun() { return sum(WorkerStats::tasksRun); }
    public long runnextHits() { return sum(WorkerStats::runnextHits); }
    public long localPolls() { return sum(WorkerStats::localPolls); }
    public long globalPolls() { return sum(WorkerStats::globalPolls); }
    public long stealAttempts() { return sum(WorkerStats::stealAttempts); }
    public long steals() { return sum(WorkerStats::steals); }
    public long tasksStolen() { return sum(WorkerStats::tasksStolen); }
    public long carrierParks() { return sum(WorkerStats::carrierParks); }
    public long carrierUnparks() { return sum(WorkerStats::carrierUnparks); }
    public long pinned() { return sum(WorkerStats::pinned); }
    public long blockingCalls() { return sum(WorkerStats::blockingCalls); }
    public long timersFired() { return sum(WorkerStats::timersFired); }
    public long overflows() { return sum(WorkerStats::overflows); }
    public long rescued() { return sum(WorkerStats::rescued); }
    public long migrations() { return sum(WorkerStats::migrations); }
    public long searchWaits() { return sum(WorkerStats::searchWaits); }
    public long searchNudges() { return sum(WorkerStats::searchNudges); }
    public long runnextSteals() { return sum(WorkerStats::runnextSteals); }
    public long virtualThreadRuns() { return sum(WorkerStats::virtualThreadRuns); }

    private long sum(ToLongFunction<WorkerStats> f) {
        long s = 0;
        for (WorkerStats w : workers) {
            s += f.applyAsLong(w);
        }
        return s;
    }

    /** A readable table: one row per worker, then the totals. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("runtime %s: %d carriers, fibers spawned=%d completed=%d live=%d parked=%d,"
                        + " injection queue=%d, searching=%d, parked carriers=%d, blocking active=%d,"
                        + " stalls=%d, compensations=%d, extra carriers=%d%n",
                runtime, carriers, spawned, completed, liveFibers, parkedFibers, injectionQueue, searching,
                parkedWorkers, blockingActive, stalls, compensations, extraCarriers));
        String fmt = "%-6s %10s %10s %10s %8s %8s %7s %8s %7s %7s %8s %8s %6s %6s %7s %7s %6s %8s%n";
        b.append(String.format(fmt, "worker", "run", "runnext", "local", "global", "stealTry", "steals",
                "stolen", "parks", "unparks", "searchWt", "migrated", "pinned", "block", "timers", "rescued", "queue", "vthread"));
        for (WorkerStats w : workers) {
            b.append(String.format(fmt, w.worker(), w.tasksRun(), w.runnextHits(), w.localPolls(),
                    w.globalPolls(), w.stealAttempts(), w.steals(), w.tasksStolen(), w.carrierParks(),
                    w.carrierUnparks(), w.searchWaits(), w.migrations(), w.pinned(), w.blockingCalls(),
                    w.timersFired(), w.rescued(), w.localQueueSize(), w.virtualThreadRuns()));
        }
        b.append(String.format(fmt, "total", tasksRun(), runnextHits(), localPolls(), globalPolls(),
                stealAttempts(), steals(), tasksStolen(), carrierParks(), carrierUnparks(), searchWaits(),
                migrations(), pinned(), blockingCalls(), timersFired(), rescued(), "", virtualThreadRuns()));
        if (!net.equals(NetStats.NONE)) {
            b.append(net).append(String.format("%n"));
        }
        return b.toString();
    }
}
