package io.spindle.runtime;

import io.spindle.runtime.internal.Worker;
import java.util.List;

/**
 * Go's "all goroutines are asleep - deadlock!" for {@link Runtime#run}, with the places they sleep.
 *
 * <p>The runtime is deadlocked when, continuously for the grace period: main has not ended; every
 * live fiber is PARKED without a timeout (no timer pending: a sleeping or timed-waiting fiber will
 * wake by itself; a PINNED fiber blocks a carrier and is left alone too); no carrier ran a task
 * (the summed tasksRun counter did not move); no blocking offload is running; no fiber waits on a
 * socket (net: a peer outside the runtime can wake it); and no plain thread is
 * parked inside a Spindle operation (it may still wake somebody).
 *
 * <p>A plain thread that is outside Spindle (for example sleeping before it sends) cannot be seen.
 * The grace period (default 2 s, {@link Runtime.Builder#deadlockGrace}) is what keeps such a
 * program from being reported: a thread that stays away longer than that is indistinguishable from
 * a deadlock.
 */
final class DeadlockDetector {
    private final Runtime runtime;
    private final Fiber<?> main;
    private final long graceNanos;
    private long candidateSince;   // 0: not a candidate
    private long lastTasksRun = -1;

    DeadlockDetector(Runtime runtime, Fiber<?> main, long graceNanos) {
        this.runtime = runtime;
        this.main = main;
        this.graceNanos = graceNanos;
    }

    /** Called periodically by the thread blocked in run(); true once the deadlock is certain. */
    boolean deadlocked(long now) {
        if (!isCandidate()) {
            candidateSince = 0;
            return false;
        }
        if (candidateSince == 0) {
            candidateSince = now;
            return false;
        }
        return now - candidateSince >= graceNanos;
    }

    private boolean isCandidate() {
        long tasksRun = 0;
        for (Worker w : runtime.scheduler().workers()) {
            tasksRun += w.counters.tasksRun;
        }
        boolean progressed = tasksRun != lastTasksRun;
        lastTasksRun = tasksRun;
        if (progressed || main.isDone() || ThreadActivity.parkedThreads() > 0 || runtime.blockingActive() > 0) {
            return false;
        }
        List<Fiber<?>> live = runtime.fibers();
        if (live.isEmpty()) {
            return false;
        }
        for (Fiber<?> f : live) {
            if (f.stateCode() != Fiber.PARKED
                    || f.blocker() instanceof io.spindle.runtime.internal.net.PollHandle) { // net (issue 12): a peer can wake it
                return false;
            }
        }
        return true;
    }

    String report() {
        List<Fiber<?>> live = runtime.fibers();
        StringBuilder b = new StringBuilder();
        b.append("all ").append(live.size()).append(" fibers of runtime '").append(runtime.name())
                .append("' are asleep - deadlock! Nothing can wake them: no timer is pending, no blocking call"
                        + " is running and no plain thread is inside a Spindle operation.\n");
        b.append(runtime.fiberDump());
        return b.toString();
    }
}
