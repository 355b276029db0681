package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.fiber.ExternalBlocker;
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
 * wake by itself; a PINNED fiber blocks a carrier and is left alone too) or is mounted on a carrier
 * blocked on a lock held inside the runtime: BLOCKED entering a {@code synchronized} monitor that no
 * thread outside the runtime owns (the JVM names the owner when it is mounted somewhere, and names
 * nobody when the owner is a parked fiber: see docs/embedding.md, Monitors; here such a parked fiber
 * can never run again), or WAITING without a timeout on a j.u.c lock whose owner the JVM names as
 * one of this runtime's carriers (a fiber locked it there and parked; an untimed WAITING with no
 * named owner, such as {@code Future.get()}, may be ended by a thread outside, so it does not
 * count); no carrier ran a
 * task (the summed tasksRun counter did not move); no blocking offload is running; no fiber waits on
 * a socket (net: a peer outside the runtime can wake it); and no plain thread is parked inside a
 * Spindle operation (it may still wake somebody). The report then names,
 * for each fiber blocked on a monitor, the monitor it waits for, its owner and the monitors it
 * holds, as far as the JVM says ({@link CarrierLocks}).
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
            int s = f.stateCode();
            if ((s != FiberStates.PARKED && !(s == FiberStates.RUNNING && blockedOnOurMonitor(carrierOf(f))))
                    || f.blocker() instanceof ExternalBlocker) { // a socket: its peer can wake it
                return false;
            }
        }
        return true;
    }

    /** The carrier {@code f} is mounted on, or null. */
    private Thread carrierOf(FiberCore f) {
        for (Worker w : scheduler.workers()) {
            if (w.mountedTask() == f) {
                return w.carrier();
            }
        }
        return null;
    }

    /** True if {@code carrier} waits for a lock held inside this runtime; see the class comment. */
    private boolean blockedOnOurMonitor(Thread carrier) {
        if (carrier == null) {
            return false;
        }
        Thread.State state = carrier.getState();
        if (state != Thread.State.BLOCKED && state != Thread.State.WAITING) {
            return false;
        }
        long owner = CarrierLocks.ownerId(carrier);
        if (owner == CarrierLocks.UNKNOWN_OWNER) {
            return state == Thread.State.BLOCKED; // a monitor owned by a parked fiber
        }
        return CarrierLocks.workerOf(scheduler, owner) != null;
    }

    public String report() {
        int n = live.size();
        StringBuilder monitors = new StringBuilder();
        for (FiberCore f : live.snapshot()) {
            Thread c = f.stateCode() == FiberStates.RUNNING ? carrierOf(f) : null;
            if (c != null && blockedOnOurMonitor(c)) {
                boolean monitor = c.getState() == Thread.State.BLOCKED;
                StackTraceElement[] stack = c.getStackTrace();
                int si = StallWatchdog.siteIndex(stack);
                monitors.append("  fiber \"").append(f.name()).append("\" (#").append(f.id()).append(") on carrier ")
                        .append(c.getName()).append(monitor ? " is blocked entering a synchronized monitor" : " waits for a lock")
                        .append(si < stack.length ? " at " + stack[si] : "").append(": ")
                        .append(CarrierLocks.waitedFor(c, scheduler, monitor)).append(CarrierLocks.held(c)).append('\n');
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("all ").append(n).append(" fibers of runtime '").append(runtimeName);
        if (monitors.isEmpty()) {
            b.append("' are asleep - deadlock! Nothing can wake them: no timer is pending, no blocking call"
                    + " is running and no plain thread is inside a Spindle operation.\n");
        } else {
            b.append("' are asleep or blocked on locks held by one another - deadlock!"
                    + " Nothing can wake them: no timer is pending, no blocking call is running and no plain"
                    + " thread is inside a Spindle operation. Locks:\n").append(monitors);
        }
        b.append(fiberDump.get());
        return b.toString();
    }
}
