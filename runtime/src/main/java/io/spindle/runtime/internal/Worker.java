package io.spindle.runtime.internal;

import io.spindle.runtime.internal.trace.Probe;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/*
 * Implementation overview: one worker per carrier thread (Go's P + M, Tokio's worker::Core).
 *
 * Where a worker looks for its next task (nextTask, then findWork), in this order:
 *  1. Every GLOBAL_POLL_INTERVAL (61) ticks: due timers, then one task from the injection queue, so
 *     that a worker with a full local queue still serves spawns from outside (Go's schedtick % 61).
 *  2. runnext: the task this worker woke last. Taken at most MAX_RUNNEXT_STREAK (3) times in a row,
 *     then it goes to the back of the local queue (Tokio's MAX_LIFO_POLLS_PER_TICK), so that two
 *     fibers that wake each other forever cannot starve the rest of the queue.
 *  3. The local queue (FIFO).
 *  4. findWork: due timers; a batch from the injection queue; then, if allowed to search (Idle rule
 *     1), STEAL_ROUNDS rounds of steal-half over the other workers from a random start.
 *  5. Park (Idle rule 4): push on the sleepers, recheck if last searcher, LockSupport.park until
 *     notified, until the earliest timer is due, or until shutdown. No spinning while parked: an
 *     idle runtime uses no CPU.
 *
 * runnext, the timer heap, the counters and `searching` belong to this worker's thread only (plain
 * accesses). inSleepers / notifiedSearching are guarded by the Idle lock (inSleepers is volatile so
 * the park loop can poll it without the lock).
 *
 * Before a fiber blocks this carrier (a pinned park, see Fiber's overview), beforeBlocking() moves
 * runnext to the local queue and wakes a parked worker, so nothing waits behind a blocked carrier.
 *
 * Orphans and rescue (see Compensation): a worker is an orphan while the stall watchdog has marked
 * it `stalled` (its carrier is held by one fiber: blocked outside Spindle, or busy) or while it is a
 * `dormant` compensating slot with no thread. Its owner-only state cannot be used by its owner, so
 * any searching worker rescues it before parking (rescueOrphans): adopts all its timers (TimerHeap
 * is locked for this), takes its runnext (a getAndSet against the owner's plain accesses: a race
 * with an owner that just came back can duplicate a fiber's queue entry, which the fiber's
 * RUNNABLE -> RUNNING CAS turns into a no-op, see Fiber.runOnCarrier), and steals its ring as usual.
 */
public final class Worker {
    private static final VarHandle RUNNEXT;

    static {
        try {
            RUNNEXT = MethodHandles.lookup().findVarHandle(Worker.class, "runnext", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's schedtick % 61: a prime, so it does not beat with other periodic patterns. */
    static final int GLOBAL_POLL_INTERVAL = 61;
    /** Tokio's MAX_LIFO_POLLS_PER_TICK. Override: -Dspindle.maxRunnextStreak. */
    static final int MAX_RUNNEXT_STREAK = Integer.getInteger("spindle.maxRunnextStreak", 3);
    /** Go's findrunnable tries 4 rounds of stealing before giving up. */
    static final int STEAL_ROUNDS = 4;

    final Scheduler scheduler;
    final int index;
    final RunQueue queue;
    final TimerHeap timers = new TimerHeap();
    public final WorkerCounters counters = new WorkerCounters();
    /** True for a compensating slot (index >= carriers), see Compensation. */
    final boolean extra;
    volatile CarrierThread thread; // written before each start (once for a carrier; per revival for an extra slot)

    /** Written by the stall watchdog (set while this carrier is held past the threshold); read by rescuers. */
    public volatile boolean stalled;
    /** Extra slots only: true while no thread owns this worker. Written by the owner as its last act, and by revive. */
    volatile boolean dormant;
    /** Extra slots only: set by the watchdog (Compensation.retire), read and cleared by the owner when idle. */
    volatile boolean retireRequested;

    volatile boolean inSleepers;   // guarded by Idle's lock (see Idle)
    boolean notifiedSearching;     // guarded by Idle's lock

    private Runnable runnext;      // owner: plain accesses; a rescuer: getAndSet (see overview: Orphans)
    private boolean searching;     // owner only
    private int tick;              // owner only
    private int runnextStreak;     // owner only
    private long rng;              // owner only (xorshift for the steal start)
    private final Consumer<Runnable> overflowSink;

    Worker(Scheduler scheduler, int index, int queueCapacity, boolean extra) {
        this.scheduler = scheduler;
        this.index = index;
        this.extra = extra;
        this.queue = new RunQueue(queueCapacity);
        this.rng = 0x9E3779B97F4A7C15L * (index + 1);
        this.overflowSink = scheduler.injection::offer;
    }

    public int index() {
        return index;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public int localQueueSize() {
        return queue.size();
    }

    public int timerCount() {
        return timers.size();
    }

    /** The fiber mounted on this worker's carrier right now (racy read, for diagnostics), or null. */
    public Object mountedTask() {
        CarrierThread t = thread;
        return t == null ? null : t.mounted;
    }

    public String carrierName() {
        return thread.getName();
    }

    /** The carrier thread running this worker now (null for a dormant extra slot never started). */
    public Thread carrier() {
        return thread;
    }

    /** True for a compensating (extra) carrier's worker. */
    public boolean isExtra() {
        return extra;
    }

    /** True for an extra slot with no thread right now. */
    public boolean isDormant() {
        return dormant;
    }

    /** The carrier thread's current stack (for diagnostics). */
    public StackTraceElement[] carrierStackTrace() {
        return thread.getStackTrace();
    }

    /** Owner only: a task for the back of the local queue (overflow goes to the injection queue). */
    void pushLocal(Runnable task) {
        if (queue.push(task, overflowSink) > 0) {
            counters.overflows++;
        }
    }

    /** Owner only: puts {@code task} in runnext; returns the task it displaced, or null. */
    Runnable setRunnext(Runnable task) {
        Runnable prev = runnext;
        runnext = task;
        return prev;
    }

    /** Owner only: registers a timer on this worker's heap. */
    public void addTimer(TimerEntry e) {
        timers.add(e);
    }

    /** Owner only: see overview (last paragraph). */
    public void beforeBlocking() {
        Runnable r = runnext;
        if (r != null) {
            runnext = null;
            pushLocal(r);
        }
        if (!queue.isEmpty()) {
            scheduler.notifyOne();
        }
    }

    void runLoop() {
        while (true) {
            Runnable t = nextTask();
            if (t == null) {
                t = findWork();
                if (t == null) {
                    if (scheduler.isTerminating()) {
                        return;
                    }
                    if (retireRequested && extra) {
                        retire();
                        return;
                    }
                    continue;
                }
            }
            runTask(t);
        }
    }

    private void runTask(Runnable t) {
        if (searching) {
            searching = false;
            if (scheduler.idle.stopSearching()) {
                scheduler.notifyOne(); // Idle rule 3
            }
        }
        counters.tasksRun++;
        try {
            if (t instanceof FiberTask f) {
                f.runOnCarrier();
            } else {
                t.run();
            }
        } catch (Throwable e) {
            // Fibers catch their own failures; this only catches a raw task's (e.g. a virtual
            // thread's continuation runner). The carrier must survive whatever happens.
            scheduler.reportTaskFailure(t, e);
        }
    }

    /** Steps 1-3 of the overview. */
    private Runnable nextTask() {
        if (++tick % GLOBAL_POLL_INTERVAL == 0) {
            if (scheduler.orphans() > 0) {
                rescueTimers();
            }
            if (timers.size() > 0) {
                runExpiredTimers();
            }
            Runnable g = scheduler.injection.poll();
            if (g != null) {
                counters.globalPolls++;
                return g;
            }
        }
        Runnable r = runnext;
        if (r != null) {
            runnext = null;
            if (runnextStreak < MAX_RUNNEXT_STREAK) {
                runnextStreak++;
                counters.runnextHits++;
                return r;
            }
            pushLocal(r);
        }
        runnextStreak = 0;
        Runnable l = queue.poll();
        if (l != null) {
            counters.localPolls++;
        }
        return l;
    }

    /** Fires due timers; they push the fibers they wake on this worker's local queue. */
    private void runExpiredTimers() {
        long now = System.nanoTime();
        TimerEntry e;
        while ((e = timers.pollExpired(now)) != null) {
            counters.timersFired++;
            try {
                e.fire(this);
            } catch (Throwable ex) {
                scheduler.reportTaskFailure(null, ex);
            }
        }
    }

    /** Steps 4-5 of the overview. Returns a task, or null after a park (the caller loops). */
    private Runnable findWork() {
        if (timers.size() > 0) {
            runExpiredTimers();
            Runnable l = queue.poll();
            if (l != null) {
                counters.localPolls++;
                return l;
            }
        }
        Runnable g = pollInjectionBatch();
        if (g != null) {
            return g;
        }
        if (searching || scheduler.idle.tryBecomeSearching()) {
            searching = true;
            for (int round = 0; round < STEAL_ROUNDS; round++) {
                Runnable s = stealFromOthers();
                if (s != null) {
                    return s;
                }
                g = pollInjectionBatch();
                if (g != null) {
                    return g;
                }
                Thread.onSpinWait();
            }
        }
        if (scheduler.orphans() > 0) {
            Runnable r = rescueOrphans();
            if (r != null) {
                return r;
            }
        }
        if (scheduler.isTerminating() || (retireRequested && extra)) {
            return null;
        }
        park();
        return null;
    }

    /** See overview: Orphans and rescue. Returns a task to run now, or null. */
    private Runnable rescueOrphans() {
        rescueTimers();
        for (Worker o : scheduler.workers) {
            if (o == this || !(o.stalled || o.dormant)) {
                continue;
            }
            Runnable r = (Runnable) RUNNEXT.getAndSet(o, null); // against the owner's plain accesses: see overview
            if (r != null) {
                // a fiber, or a virtual thread's continuation run: both ignore a duplicate entry
                // (a failed RUNNABLE -> RUNNING CAS), see overview: Orphans and rescue
                scheduler.noteRescued();
                counters.rescued++;
                return r;
            }
            int got = o.queue.stealInto(queue);
            if (got > 0) {
                counters.tasksStolen += got;
                counters.rescued += got;
                Runnable l = queue.poll();
                if (l != null) {
                    return l;
                }
            }
        }
        return timers.size() > 0 ? firedTimersTask() : null;
    }

    /** Adopts every timer of every orphan into this worker's heap (see overview: Orphans and rescue). */
    private void rescueTimers() {
        for (Worker o : scheduler.workers) {
            if (o != this && (o.stalled || o.dormant) && o.timers.size() > 0) {
                counters.rescued += o.timers.drainTo(timers);
            }
        }
    }

    /** Fires own due timers and returns the first task they queued, or null. */
    private Runnable firedTimersTask() {
        runExpiredTimers();
        Runnable l = queue.poll();
        if (l != null) {
            counters.localPolls++;
        }
        return l;
    }

    /** True if this orphan holds anything a rescuer should take (racy, for Idle rule 4b). */
    boolean hasRescuableWork() {
        return (stalled || dormant) && ((Runnable) RUNNEXT.getOpaque(this) != null || timers.size() > 0);
    }

    /**
     * An extra carrier leaves (see Compensation): its queued work goes to the injection queue, its
     * timers stay in its heap for a rescuer to adopt, and the slot goes dormant.
     */
    private void retire() {
        retireRequested = false;
        if (searching) {
            searching = false;
            if (scheduler.idle.stopSearching()) {
                scheduler.notifyOne();
            }
        }
        Runnable r = runnext;
        runnext = null;
        if (r != null) {
            scheduler.injection.offer(r);
        }
        Runnable l;
        while ((l = queue.poll()) != null) {
            scheduler.injection.offer(l);
        }
        scheduler.retired(this);
    }

    /** Go's globrunqget: take a fair share of the injection queue, run the first, keep the rest. */
    private Runnable pollInjectionBatch() {
        Runnable first = scheduler.injection.poll();
        if (first == null) {
            return null;
        }
        counters.globalPolls++;
        int share = Math.min(scheduler.injection.size() / Math.max(1, scheduler.idle.active()) + 1, queue.capacity() / 2);
        for (int i = 1; i < share; i++) {
            Runnable r = scheduler.injection.poll();
            if (r == null || !queue.offer(r)) {
                if (r != null) {
                    scheduler.injection.offer(r);
                }
                break;
            }
        }
        return first;
    }

    private Runnable stealFromOthers() {
        Worker[] all = scheduler.workers;
        int n = all.length;
        if (n == 1) {
            return null;
        }
        int start = (int) ((nextRandom() >>> 33) % n);
        for (int i = 0; i < n; i++) {
            Worker victim = all[(start + i) % n];
            if (victim == this) {
                continue;
            }
            counters.stealAttempts++;
            int got = victim.queue.stealInto(queue);
            if (got > 0) {
                counters.steals++;
                counters.tasksStolen += got;
                Probe.steal(this, victim, got);
                Runnable r = queue.poll();
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private void park() {
        Idle idle = scheduler.idle;
        boolean wasSearching = searching;
        searching = false;
        if (idle.parkWorker(this, wasSearching) && scheduler.anyQueuedWork()) {
            scheduler.notifyOne(); // Idle rule 4b: may wake this very worker
        }
        counters.carrierParks++;
        Probe.carrierPark(this);
        while (inSleepers && !scheduler.isTerminating() && !(retireRequested && extra)) {
            long deadline = timers.nextDeadline();
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, wait);
            }
        }
        searching = idle.unparkWorker(this);
        counters.carrierUnparks++;
        Probe.carrierUnpark(this);
        scheduler.carrierWoke(); // the stall watchdog sleeps while every carrier is parked
    }

    void unparkCarrier() {
        CarrierThread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    boolean hasQueuedWork() {
        return !queue.isEmpty() || hasRescuableWork();
    }

    private long nextRandom() {
        long x = rng;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rng = x;
        return x;
    }
}
