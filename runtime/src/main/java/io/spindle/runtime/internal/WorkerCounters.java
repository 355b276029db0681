package io.spindle.runtime.internal;

/**
 * Per-worker counters. Each field is written only by its worker's carrier thread, with plain
 * writes (no fence on the hot path); a stats snapshot reads them racily, which can see a value a
 * few increments old but never a torn one (64-bit plain longs are atomic on 64-bit JVMs, which are
 * the only ones JDK 25 ships). The fields a non-owner bumps are marked.
 */
public final class WorkerCounters {
    public long tasksRun;
    public long runnextHits;
    public long localPolls;
    public long globalPolls;
    public long stealAttempts;
    public long steals;
    public long tasksStolen;
    public long carrierParks;
    public long carrierUnparks;
    public long pinned;
    public long blockingCalls;
    public long spawned;
    public long completed;
    public long timersFired;
    public long overflows;
    /** Timers, runnext and queued tasks this worker took over from stalled or retired workers (Compensation). */
    public long rescued;
}
