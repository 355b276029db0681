package io.spindle.runtime;

import io.spindle.runtime.internal.Worker;
import java.util.List;

/**
 * Go's "all goroutines are asleep - deadlock!" for {@link Runtime#run}, with the places they sleep.
 *
 * <p>The runtime is deadlocked when, continuously for the grace period: main has not ended; every
 * live fiber is PARKED without a timeout (no timer pending: a sleeping or timed-waiting fiber will
 * wake by itself; a PINNED fiber blocks a carrier and is left alone too) or is mounted on a carrier
 * BLOCKED entering a {@code synchronized} monitor that no thread outside the runtime owns (the JVM
 * names an owner that is mounted somewhere; it names none when the owner is a parked fiber, and a
 * parked fiber here can never run again); no carrier ran a task (the summed tasksRun counter did not
 * move); no blocking offload is running; and no plain thread is parked inside a Spindle operation
 * (it may still wake somebody). The report then names, for each monitor-blocked fiber, the monitor
 * it waits for, its owner and the monitors it holds, as far as the JVM says (docs/embedding.md).
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
            int s = f.stateCode();
            if (s != Fiber.PARKED && !(s == Fiber.RUNNING && blockedOnOurMonitor(carrierOf(f)))) {
                return false;
            }
        }
        return true;
    }

    /** The carrier {@code f} is mounted on, or null. */
    private Thread carrierOf(Fiber<?> f) {
        for (Worker w : runtime.scheduler().workers()) {
            if (w.mountedTask() == f) {
                return w.carrier();
            }
        }
        return null;
    }

    /** True if {@code carrier} is BLOCKED in monitorenter on a monitor owned by a fiber of this runtime. */
    private boolean blockedOnOurMonitor(Thread carrier) {
        if (carrier == null || carrier.getState() != Thread.State.BLOCKED) {
            return false;
        }
        long owner = CarrierLocks.ownerId(carrier);
        return owner == CarrierLocks.UNKNOWN_OWNER || CarrierLocks.workerOf(runtime.scheduler(), owner) != null;
    }

    String report() {
        List<Fiber<?>> live = runtime.fibers();
        StringBuilder b = new StringBuilder();
        StringBuilder monitors = new StringBuilder();
        for (Fiber<?> f : live) {
            Thread c = f.stateCode() == Fiber.RUNNING ? carrierOf(f) : null;
            if (c != null && c.getState() == Thread.State.BLOCKED) {
                StackTraceElement[] stack = c.getStackTrace();
                int si = StallWatchdog.siteIndex(stack);
                monitors.append("  fiber \"").append(f.name()).append("\" (#").append(f.id()).append(") on carrier ")
                        .append(c.getName()).append(" is blocked entering a synchronized monitor")
                        .append(si < stack.length ? " at " + stack[si] : "").append(": ")
                        .append(CarrierLocks.waitedFor(c, runtime.scheduler(), true)).append(CarrierLocks.held(c))
                        .append('\n');
            }
        }
        if (monitors.isEmpty()) {
            b.append("all ").append(live.size()).append(" fibers of runtime '").append(runtime.name())
                    .append("' are asleep - deadlock! Nothing can wake them: no timer is pending, no blocking call"
                            + " is running and no plain thread is inside a Spindle operation.\n");
        } else {
            b.append("all ").append(live.size()).append(" fibers of runtime '").append(runtime.name())
                    .append("' are asleep or blocked on synchronized monitors held by one another - deadlock!"
                            + " Nothing can wake them: no timer is pending, no blocking call is running and no plain"
                            + " thread is inside a Spindle operation. Monitors:\n").append(monitors);
        }
        b.append(runtime.fiberDump());
        return b.toString();
    }
}
