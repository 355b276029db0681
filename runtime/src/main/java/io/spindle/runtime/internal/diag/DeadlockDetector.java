package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Go's "all goroutines are asleep - deadlock!" for {@code Runtime.run}, with the places they sleep.
 *
 * <p>The runtime is deadlocked when, continuously for the grace period: main has not ended; every
 * live fiber is PARKED without a timeout (no timer pending: a sleeping or timed-waiting fiber will
 * wake by itself; a PINNED fiber blocks a carrier and is left alone too); no carrier ran a task
 * (the summed tasksRun counter did not move); no blocking offload is running; no fiber waits on a
 * socket (net: a peer outside the runtime can wake it); and no plain thread is
 * parked inside a Spindle operation (it may still wake somebody).
 *
 * <p>A plain thread that is outside Spindle (for example sleeping before it sends) cannot be seen.
 * The grace period (default 2 s, {@code Runtime.Builder.deadlockGrace}) is what keeps such a
 * program from being reported: a thread that stays away longer than that is indistinguishable from
 * a deadlock.
 */
public final class DeadlockDetector {
    private final String runtimeName;
    private final Scheduler scheduler;
    private final FiberRegistry live;
    private final FiberCore main;
    private final IntSupplier blockingActive;
    private final Supplier<String> fiberDump;
    private final long graceNanos;
    private long candidateSince;   // 0: not a candidate
    private long lastTasksRun = -1;

    public DeadlockDetector(String runtimeName, Scheduler scheduler, FiberRegistry live, FiberCore main,
                            IntSupplier blockingActive, Supplier<String> fiberDump, long graceNanos) {
        this.runtimeName = runtimeName;
        this.scheduler = scheduler;
        this.live = live;
        this.main = main;
        this.blockingActive = blockingActive;
        this.fiberDump = fiberDump;
        this.graceNanos = graceNanos;
    }

    /** Called periodically by the thread blocked in run(); true once the deadlock is certain. */
    public boolean deadlocked(long now) {
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
        for (Worker w : scheduler.workers()) {
            tasksRun += w.tasksRun();
        }
        boolean progressed = tasksRun != lastTasksRun;
        lastTasksRun = tasksRun;
        if (progressed || main.isTerminated() || ThreadActivity.parkedThreads() > 0
                || blockingActive.getAsInt() > 0) {
            return false;
        }
        List<FiberCore> fibers = live.snapshot();
        if (fibers.isEmpty()) {
            return false;
        }
        for (FiberCore f : fibers) {
            if (f.stateCode() != FiberStates.PARKED
                    || f.blocker() instanceof io.spindle.runtime.internal.net.PollHandle) { // net (issue 12): a peer can wake it
                return false;
            }
        }
        return true;
    }

    public String report() {
        int n = live.size();
        StringBuilder b = new StringBuilder();
        b.append("all ").append(n).append(" fibers of runtime '").append(runtimeName)
                .append("' are asleep - deadlock! Nothing can wake them: no timer is pending, no blocking call"
                        + " is running and no plain thread is inside a Spindle operation.\n");
        b.append(fiberDump.get());
        return b.toString();
    }
}
