package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.fiber.Timeouts;
import io.spindle.runtime.internal.sched.CarrierThread;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.Probe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The always-on stall watchdog: notices a fiber that has held its carrier past a threshold, reports
 * it once per site, and asks the scheduler to compensate when the carrier is blocked outside
 * Spindle (see docs/embedding.md).
 */
public final class StallWatchdog implements Runnable {
    /*
     * Implementation overview
     *
     * Detection (Go's sysmon: "same schedtick for too long"). One daemon thread per runtime
     * (<name>-watchdog) wakes every period = threshold / 4 and reads, for every worker, its
     * tasksRun counter and its mounted fiber (plain fields written by the carrier: a stale read only
     * delays a decision by one period). A worker whose counter and fiber stay the same, with the
     * fiber RUNNING (not PINNED: a pinned fiber parks through Spindle and is handled there), has
     * been held by that fiber since the first sample that saw it; at the first sample where that
     * is at least threshold - period, the real hold time lies between threshold - period and
     * threshold, so a stall is acted on no later than the threshold. Nothing on the carriers' hot
     * path changes: no timestamp per slice, only the counter that exists already.
     *
     * Classification, from the carrier's Thread.State and its top frame:
     *   BLOCKED                      MONITOR: entering a contended synchronized monitor
     *   WAITING / TIMED_WAITING      WAITING: Thread.sleep, Object.wait, LockSupport.park, j.u.c.
     *                                (both confirmed by two more samples 1 ms apart in the same state)
     *   RUNNABLE, native top frame   NATIVE:  blocking I/O or a long native call; confirmed by two
     *                                         more stack samples 1 ms apart in the same frame, the
     *                                         kernel's thread state never 'R' (Linux; elsewhere: little
     *                                         CPU used), else BUSY: a loop over short native calls
     *   RUNNABLE, Java top frame     BUSY:    a runaway computation; confirmed over one more period
     *                                         by the carrier's CPU time (a carrier the OS did not run,
     *                                         on a loaded machine, is not the fiber's fault)
     * All but BUSY are "blocked outside Spindle".
     *
     * Action. The worker is marked stalled (Scheduler.setStalled): its timers and runnext become
     * rescuable and a parked worker is woken to take them. Then, once per sample: while some
     * carrier is blocked outside Spindle and work waits (a queue, or a stalled worker's timers or
     * runnext), a parked worker is woken if there is one, else extra carriers are started until
     * `carriers` carriers are free again (ForkJoinPool's rule: compensate only when no idle worker
     * can take the work), at most maxCompensation at once. When more than `carriers` carriers are
     * free, idle extra carriers are asked to retire. A BUSY carrier is reported and its orphaned
     * work rescued, but not compensated: adding threads for CPU-bound fibers only oversubscribes.
     *
     * Reports: one line to the runtime's diagnostics sink, once per (kind, site), where the site is
     * the first frame outside the JDK (the application's call); the stack follows in diagnostic
     * mode. Every stall counts (stats().stalls()) and emits a JFR io.spindle.CarrierStall event.
     *
     * Idle: when every carrier is parked the watchdog parks without a timeout; a carrier that wakes
     * up wakes it (Scheduler.watchdogMaySleep / carrierWoke, a Dekker pair on volatiles), so an
     * idle runtime costs no CPU.
     *
     * Fields: `watches` and `reportedSites` are the watchdog thread's own; `stopped` (volatile) is
     * written by close() and read by the watchdog; `stalls` is bumped by the watchdog and read by
     * stats(); `thread` is written by start() inside the Runtime constructor (published with the
     * runtime's final field) and read by stopAndJoin().
     */

    /** Default threshold. Override: -Dspindle.stallThresholdMillis, Runtime.Builder.stallThreshold. */
    public static final long DEFAULT_THRESHOLD_MILLIS = Long.getLong("spindle.stallThresholdMillis", 200);
    /** Sites remembered for "once per site"; beyond this, new sites are still reported, old ones forgotten. */
    private static final int MAX_SITES = 4096;
    /** Loaded by the watchdog thread when it starts: ManagementFactory costs tens of ms of class loading, kept off Runtime.build(). */
    private static final class Threads {
        static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    }

    enum Kind { MONITOR, WAITING, NATIVE, BUSY }

    /** Extra samples that must agree before a carrier counts as blocked (confirmedNative, confirmedState); no override. */
    private static final int CONFIRM_SAMPLES = 2;
    /** Their spacing: 1 ms, long against a short native call or lock, short against the threshold (200 ms); no override. */
    private static final long CONFIRM_GAP_NANOS = 1_000_000;

    private final String runtimeName;
    private final Scheduler scheduler;
    private final long thresholdNanos;
    private final long periodNanos;
    private final Consumer<String> sink;
    private final boolean diagnostics;
    private final Set<String> reportedSites = ConcurrentHashMap.newKeySet();
    final LongAdder stalls = new LongAdder();
    private Watch[] watches = new Watch[0];
    private volatile boolean stopped;
    private Thread thread;

    /** What the watchdog remembers about one worker. Watchdog thread only. */
    private static final class Watch {
        long tasks = -1;
        Object mounted;
        long since;
        boolean stalled;
        boolean blocked;
        boolean suspectBusy;
        long suspectCpu;
        long suspectAt;
    }

    public StallWatchdog(String runtimeName, Scheduler scheduler, Duration threshold, Consumer<String> sink,
                         boolean diagnostics) {
        this.runtimeName = runtimeName;
        this.scheduler = scheduler;
        this.thresholdNanos = Timeouts.toNanos(threshold); // a huge threshold saturates
        // at least 1 ms; at most 1 s, so that a huge threshold still notices stop() and new carriers
        this.periodNanos = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(TimeUnit.MILLISECONDS.toNanos(1), thresholdNanos / 4));
        this.sink = sink;
        this.diagnostics = diagnostics;
    }

    /** Starts the daemon thread {@code name}. */
    public void start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        scheduler.setWatchdog(t);
        t.start();
    }

    /** Stops the thread and joins it (close() must leave no thread behind). */
    public void stopAndJoin() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public long stalls() {
        return stalls.sum();
    }

    @Override
    public void run() {
        try {
            Threads.MX.isThreadCpuTimeEnabled(); // load JMX's thread bean here, off any stall's path
            CarrierLocks.info(thread);
        } catch (RuntimeException | LinkageError ignored) {
            // no ThreadMXBean: reports say less
        }
        while (!stopped) {
            boolean busy = sample(System.nanoTime());
            if (stopped) {
                return;
            }
            if (!busy && scheduler.watchdogMaySleep()) {
                LockSupport.park(this); // see overview: Idle
                scheduler.watchdogAwake();
            } else {
                LockSupport.parkNanos(this, periodNanos);
            }
        }
    }

    /** One pass over every worker; see overview. Returns false when there is nothing to watch. */
    private boolean sample(long now) {
        List<Worker> workers = scheduler.workers();
        if (watches.length < workers.size()) {
            Watch[] grown = Arrays.copyOf(watches, workers.size());
            for (int i = watches.length; i < grown.length; i++) {
                grown[i] = new Watch();
            }
            watches = grown;
        }
        int blocked = 0;
        int stalledCount = 0;
        for (Worker w : workers) {
            Watch s = watches[w.index()];
            if (w.isDormant()) {
                if (s.stalled) { // it came back and retired between two samples
                    s.stalled = false;
                    s.blocked = false;
                    scheduler.setStalled(w, false);
                }
                continue;
            }
            long tasks = w.tasksRun();
            Object mounted = w.mountedTask();
            if (tasks != s.tasks || mounted != s.mounted || !(mounted instanceof FiberCore f)
                    || f.stateCode() != FiberStates.RUNNING) {
                s.tasks = tasks;
                s.mounted = mounted;
                s.since = now;
                s.suspectBusy = false;
                if (s.stalled) {
                    s.stalled = false;
                    s.blocked = false;
                    scheduler.setStalled(w, false);
                }
                continue;
            }
            if (!s.stalled && now - s.since >= thresholdNanos - periodNanos) {
                onStall(w, f, s, now);
            }
            if (s.stalled) {
                stalledCount++;
                if (s.blocked) {
                    blocked++;
                }
            }
        }
        compensate(blocked);
        return stalledCount > 0 || !scheduler.allParked();
    }

    /** See overview: Action. */
    private void compensate(int blocked) {
        int carriers = scheduler.carriers();
        int free = carriers + scheduler.extrasActive() - blocked;
        if (blocked > 0 && free < carriers && scheduler.anyWorkWaiting()) {
            if (scheduler.parkedWorkers() > 0) {
                scheduler.wakeOne();
                return;
            }
            for (int i = free; i < carriers; i++) {
                Thread t = scheduler.compensate();
                if (t == null) {
                    break;
                }
                Probe.compensation(runtimeName, t.getName(), scheduler.extrasActive());
            }
        } else if (free > carriers) {
            for (int i = carriers; i < free; i++) {
                if (!scheduler.retireOne()) {
                    break;
                }
            }
        }
    }

    private void onStall(Worker w, FiberCore f, Watch s, long now) {
        Thread carrier = w.carrier();
        if (carrier == null) {
            return;
        }
        Thread.State state = carrier.getState();
        StackTraceElement[] top = state == Thread.State.RUNNABLE ? carrier.getStackTrace() : null;
        if (w.tasksRun() != s.tasks || w.mountedTask() != f) {
            return; // it moved on while we looked
        }
        Kind kind = switch (state) {
            case BLOCKED -> Kind.MONITOR;
            case WAITING, TIMED_WAITING -> Kind.WAITING;
            case RUNNABLE -> top.length > 0 && top[0].isNativeMethod() ? Kind.NATIVE : Kind.BUSY;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        if ((kind == Kind.MONITOR || kind == Kind.WAITING) && !confirmedState(carrier, w, f, s, state)) {
            return; // a moment's contention (a spawn loop meeting another carrier on a short lock): the next period looks again
        }
        if (kind == Kind.NATIVE && !confirmedNative(carrier, w, f, s, top[0])) {
            if (carrier.getState() != Thread.State.RUNNABLE || w.tasksRun() != s.tasks || w.mountedTask() != f) {
                return; // it moved on meanwhile: the next period looks again
            }
            kind = Kind.BUSY; // Java code that calls short natives (a spawn loop's unpark): not blocked
        }
        if (kind == Kind.BUSY && !confirmedBusy(carrier, s, now)) {
            return;
        }
        // report first (a few hundred microseconds: the stack, ThreadMXBean), while the carrier is
        // still stuck, so that the report describes it; then mark it for rescue and compensation
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(now - s.since);
        StackTraceElement[] stack = top != null ? top : carrier.getStackTrace();
        describe(w, f, kind, heldMillis, stack);
        s.stalled = true;
        s.blocked = kind != Kind.BUSY;
        stalls.increment();
        scheduler.setStalled(w, true);
    }

    /** The JFR event and, once per site, the report. */
    private void describe(Worker w, FiberCore f, Kind kind, long heldMillis, StackTraceElement[] stack) {
        Thread carrier = w.carrier();
        int siteIndex = siteIndex(stack);
        StackTraceElement site = siteIndex < stack.length ? stack[siteIndex] : null;
        StackTraceElement call = siteIndex > 0 && siteIndex <= stack.length ? stack[siteIndex - 1] : site;
        String lock = kind == Kind.MONITOR || kind == Kind.WAITING ? describeLock(carrier, kind) : "";
        Probe.carrierStall(runtimeName, f.id(), f.name(), carrier.getName(), kind.name(),
                String.valueOf(call), lock, heldMillis);
        if (reportedSites.size() > MAX_SITES) {
            reportedSites.clear();
        }
        if (reportedSites.add(kind + " " + site)) {
            report(w, f, kind, heldMillis, site, call, lock, stack);
        }
    }

    /**
     * NATIVE needs the carrier to stay in the same native frame for CONFIRM_SAMPLES more samples
     * CONFIRM_GAP_NANOS apart, without running a task, and to wait in the kernel: on Linux
     * its /proc state is never 'R' (CarrierThread.osState); elsewhere it used less than half of
     * that time on CPU. A stack sample alone cannot tell: a thread that runs Java code calling
     * short natives (LockSupport.unpark in a spawn loop, a lambda's allocateInstance) is sampled
     * inside the native (the sample waits for its transition back to Java). With one sample, a
     * 2-carrier spawn benchmark started an extra carrier (issue 10, "no regression on spawn").
     */
    private boolean confirmedNative(Thread carrier, Worker w, FiberCore f, Watch s, StackTraceElement first) {
        CarrierThread ct = carrier instanceof CarrierThread c ? c : null;
        boolean osKnown = ct != null && ct.osState() != '?';
        long cpu0 = osKnown ? -1 : cpuTime(carrier);
        long t0 = System.nanoTime();
        for (int i = 0; i < CONFIRM_SAMPLES; i++) {
            LockSupport.parkNanos(CONFIRM_GAP_NANOS);
            if (osKnown && ct.osState() == 'R') {
                return false; // the kernel runs it (or would): not waiting in a system call
            }
            if (carrier.getState() != Thread.State.RUNNABLE) {
                return false; // it moved (to a monitor or a park: the next period classifies that)
            }
            StackTraceElement[] top = carrier.getStackTrace();
            if (top.length == 0 || !top[0].isNativeMethod() || !top[0].equals(first)
                    || w.tasksRun() != s.tasks || w.mountedTask() != f) {
                return false;
            }
        }
        if (osKnown) {
            return true; // never 'R' in any sample: blocked in the kernel
        }
        // no /proc (not Linux): CPU time instead (less sure on a loaded machine: a runnable thread
        // the OS does not run uses little CPU too)
        long cpu1 = cpuTime(carrier);
        return cpu0 < 0 || cpu1 < 0 || (cpu1 - cpu0) * 2 < System.nanoTime() - t0;
    }

    /**
     * MONITOR and WAITING need the carrier to stay in {@code state} for CONFIRM_SAMPLES more samples
     * CONFIRM_GAP_NANOS apart without running a task: one sample also catches a busy fiber in a
     * short contended section (the 2-carrier spawn benchmark was caught entering a registry stripe
     * or the injection queue's spill lock, and got an extra carrier).
     */
    private boolean confirmedState(Thread carrier, Worker w, FiberCore f, Watch s, Thread.State state) {
        for (int i = 0; i < CONFIRM_SAMPLES; i++) {
            LockSupport.parkNanos(CONFIRM_GAP_NANOS);
            if (carrier.getState() != state || w.tasksRun() != s.tasks || w.mountedTask() != f) {
                return false;
            }
        }
        return true;
    }

    /** BUSY needs the carrier to have used CPU for at least half of one more period. */
    private boolean confirmedBusy(Thread carrier, Watch s, long now) {
        long cpu = cpuTime(carrier);
        if (!s.suspectBusy || cpu < 0) {
            s.suspectBusy = cpu >= 0;
            s.suspectCpu = cpu;
            s.suspectAt = now;
            return cpu < 0 && now - s.since >= thresholdNanos; // no CPU clock: trust the full threshold
        }
        long cpuUsed = cpu - s.suspectCpu;
        long wall = now - s.suspectAt;
        if (wall < periodNanos / 2) {
            return false;
        }
        if (cpuUsed * 2 >= wall) {
            return true;
        }
        s.suspectCpu = cpu; // the OS did not run it: look again over the next period
        s.suspectAt = now;
        return false;
    }

    private static long cpuTime(Thread t) {
        try {
            return Threads.MX.isThreadCpuTimeEnabled() ? Threads.MX.getThreadCpuTime(t.threadId()) : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The first frame outside the JDK: the application's call that blocks or spins. */
    public static int siteIndex(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("javax."))) {
                return i;
            }
        }
        return 0;
    }

    String describeLock(Thread carrier, Kind kind) {
        return CarrierLocks.waitedFor(carrier, scheduler, kind == Kind.MONITOR);
    }

    private void report(Worker w, FiberCore f, Kind kind, long heldMillis, StackTraceElement site,
                        StackTraceElement call, String lock, StackTraceElement[] stack) {
        String who = "fiber \"" + f.name() + "\" (#" + f.id() + ") of runtime '" + runtimeName + "'";
        String where = site != null ? " at " + site : "";
        String held = " for more than " + heldMillis + " ms";
        String callName = call != null ? call.getClassName() + "." + call.getMethodName() : "a blocking call";
        String others = " Spindle moves the other fibers to free carriers, starting extra carriers if needed"
                + " (at most " + scheduler.maxExtra() + ").";
        String msg = switch (kind) {
            case MONITOR -> "Spindle: " + who + " has blocked carrier " + w.carrierName() + held
                    + " entering a synchronized monitor" + where + "; " + (lock.isEmpty() ? "lock unknown" : lock) + "."
                    + others + " Use io.spindle.sync.Mutex instead of synchronized around Spindle operations"
                    + " (docs/embedding.md: Monitors).";
            case WAITING -> "Spindle: " + who + " has blocked carrier " + w.carrierName() + held + " in "
                    + callName + where + (lock.isEmpty() ? "" : " (on " + lock + ")") + "." + others
                    + " Use Fiber.sleep, io.spindle.sync or channels, or Fiber.blocking(...) for calls that block.";
            case NATIVE -> "Spindle: " + who + " has blocked carrier " + w.carrierName() + held
                    + " in native method " + callName + where + " (blocking I/O?)." + others
                    + " Use Fiber.blocking(...) or io.spindle.net for blocking I/O.";
            case BUSY -> "Spindle: runaway fiber " + who + " has held carrier " + w.carrierName() + held
                    + " without reaching a Spindle operation" + where + "; every fiber queued on that carrier waits."
                    + " Park, yield (Fiber.yieldNow) or call into Spindle regularly, or move long computations"
                    + " to Fiber.blocking(...).";
        };
        if (diagnostics) {
            StringBuilder b = new StringBuilder(msg);
            for (StackTraceElement e : stack) {
                b.append("\n\tat ").append(e);
            }
            msg = b.toString();
        }
        try {
            sink.accept(msg);
        } catch (RuntimeException ignored) {
            // a failing sink must not stop the watchdog
        }
    }

    /** For close(): what each carrier that is still alive is doing, one line each (empty if none). */
    public String describeStuckCarriers(List<Thread> stuck) {
        StringBuilder b = new StringBuilder();
        for (Thread t : stuck) {
            StackTraceElement[] stack = t.getStackTrace();
            int si = siteIndex(stack);
            Object mounted = null;
            for (Worker w : scheduler.workers()) {
                if (w.carrier() == t) {
                    mounted = w.mountedTask();
                }
            }
            b.append("\n  carrier ").append(t.getName()).append(" ").append(t.getState());
            if (mounted instanceof FiberCore f) {
                b.append(", fiber \"").append(f.name()).append("\" (#").append(f.id()).append(")");
            }
            if (t.getState() == Thread.State.BLOCKED) {
                b.append(", entering a synchronized monitor: ").append(describeLock(t, Kind.MONITOR))
                        .append(CarrierLocks.held(t));
            }
            if (si < stack.length) {
                b.append(", at ").append(stack[si]);
            }
        }
        return b.toString();
    }
}
