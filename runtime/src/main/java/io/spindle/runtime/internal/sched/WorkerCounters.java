package io.spindle.runtime.internal.sched;

import io.spindle.runtime.observe.WorkerStats;

/**
 * Per-worker counters. Every field is written only by its worker's carrier thread, with plain
 * writes (no fence on the hot path), through the worker's methods ({@code Worker.countSpawned()},
 * ...) or by the worker's own loop and {@link LocalQueue}; nobody else writes them. {@link #snapshot}
 * is the one place that reads them all, from any thread, racily: it can see a value a few
 * increments old but never a torn one (64-bit plain longs are atomic on 64-bit JVMs, which are the
 * only ones JDK 25 ships).
 */
final class WorkerCounters {
    long tasksRun;
    long runnextHits;
    long localPolls;
    long globalPolls;
    long stealAttempts;
    long steals;
    long tasksStolen;
    long carrierParks;
    long carrierUnparks;
    long pinned;
    long blockingCalls;
    long spawned;
    long completed;
    long timersFired;
    long overflows;
    long rescued; // timers, runnext and ring tasks taken over from stalled or retired workers (Worker: Orphans)
    long migrations;
    long searchWaits;
    long searchNudges;
    long runnextSteals;
    long virtualThreadRuns;

    /** The one copy of all counters into the public record (racy, see the class comment). */
    WorkerStats snapshot(int worker, int localQueueSize, int timers) {
        return new WorkerStats(worker, tasksRun, runnextHits, localPolls, globalPolls, stealAttempts, steals,
                tasksStolen, carrierParks, carrierUnparks, pinned, blockingCalls, spawned, completed, timersFired,
                overflows, rescued, migrations, searchWaits, searchNudges, runnextSteals, localQueueSize, timers,
                virtualThreadRuns);
    }
}
