package io.spindle.runtime.observe;

/**
 * One worker's counters in a {@link RuntimeStats} snapshot. Counts are totals since the runtime
 * started; see docs/scheduler.md for what each one means for the scheduler.
 *
 * @param worker         the worker's index (its carrier is {@code <runtime>-carrier-<index>})
 * @param tasksRun       tasks (fiber time slices, virtual-thread runs) this carrier ran
 * @param runnextHits    of those, taken from the runnext slot
 * @param localPolls     taken from the local queue
 * @param globalPolls    taken from the injection queue
 * @param stealAttempts  victims this worker tried to steal from
 * @param steals         steal attempts that took at least one task
 * @param tasksStolen    tasks moved into this worker's queue by its steals
 * @param carrierParks   times this carrier parked for lack of work
 * @param carrierUnparks times it woke up again
 * @param pinned         parks or yields that could not unmount and blocked the carrier
 * @param blockingCalls  {@code Fiber.blocking} calls made from this carrier
 * @param spawned        fibers spawned from this carrier
 * @param completed      fibers that ended on this carrier
 * @param timersFired    timers (sleeps, timed parks) that expired on this worker
 * @param overflows      times the local queue was full and half of it moved to the injection queue
 * @param rescued        timers, runnext tasks and queued tasks this worker took over from stalled or
 *                       retired workers (see docs/embedding.md: Stalls and compensation)
 * @param migrations     fiber time slices that started on this carrier after the fiber's previous
 *                       slice ran on another one (carrier changes: steals, wakes by a fiber on
 *                       another carrier, injection)
 * @param searchWaits    timed waits this worker made as a searcher in its searching window before
 *                       it found work or parked (docs/scheduler.md: idle workers)
 * @param searchNudges   of those, waits cut short by a spawn, yield or injection-queue submit
 * @param runnextSteals  tasks this worker took from another worker's runnext after the grace (that
 *                       worker was stuck in one time slice); also counted in steals and tasksStolen
 * @param localQueueSize tasks in the local queue at the snapshot
 * @param timers         timers pending on this worker's heap (cancelled ones included until dropped)
 * @param virtualThreadRuns of tasksRun, the runs of virtual threads built by
 *                       {@code Runtime.virtualThreadBuilder()} (each a slice of a virtual thread)
 */
public record WorkerStats(int worker, long tasksRun, long runnextHits, long localPolls, long globalPolls,
                          long stealAttempts, long steals, long tasksStolen, long carrierParks,
                          long carrierUnparks, long pinned, long blockingCalls, long spawned,
                          long completed, long timersFired, long overflows, long rescued, long migrations,
                          long searchWaits, long searchNudges, long runnextSteals, int localQueueSize, int timers,
                          long virtualThreadRuns) {
}
