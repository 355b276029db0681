package io.spindle.runtime.internal.sched;

import io.spindle.runtime.internal.trace.Probe;
import io.spindle.runtime.observe.WorkerStats;
import java.util.concurrent.locks.LockSupport;

/*
 * Implementation overview: one worker per carrier thread (Go's P + M, Tokio's worker::Core).
 *
 * Where a worker looks for its next task (nextTask, then findWork), in this order:
 *  1. Every GLOBAL_POLL_INTERVAL (61) ticks: due timers, then one task from the injection queue, so
 *     that a worker with a full local queue still serves spawns from outside (Go's schedtick % 61).
 *  2. runnext: the task this worker woke last. A runnext streak inherits the time slice (Go); once
 *     the slice is over and fibers wait in the ring, runnext goes to the back of the local queue,
 *     so that two fibers that wake each other forever cannot starve the rest (LocalQueue.next).
 *  3. The local queue (FIFO).
 *  4. findWork: due timers; a batch from the injection queue; then, if allowed to search (Idle rule
 *     1), STEAL_ROUNDS rounds of steal-half over the other workers from a random start; a victim
 *     whose ring is empty may give up its runnext if the same task sat there, with the victim
 *     running no other task, for the runnext grace (Go's runqgrab; see LocalQueue). runnextSeen*
 *     remember, per victim, what this worker saw there and when (owner only).
 *  5. The searching window (Idle rule 5): a searcher that found nothing waits (parkNanos, at most
 *     the search wait and never past its earliest timer), still counted as searching, and goes
 *     back to step 1; a submit elsewhere wakes nobody meanwhile. searchWindowEnd marks when the
 *     window that began at the first empty scan ends.
 *  6. Park (Idle rule 4): push on the sleepers, recheck if last searcher, LockSupport.park until
 *     notified, until the earliest timer is due, or until shutdown. No spinning while parked: an
 *     idle runtime uses no CPU once its searchers' windows are over.
 *
 * The local queue's owner view (runnext, streak, pushes), the timer heap, the counters,
 * `searching`, `inSearchWindow` and `searchWindowEnd` belong to this worker's thread only (plain accesses); other workers reach the queue
 * only through its thief view. The counters are bumped by this worker's own methods (countSpawned,
 * countCompleted, countPinned, countBlockingCall: called by code running on this carrier) and
 * copied out by one method, stats(). inSleepers / notifiedSearching are guarded by the Idle lock
 * (inSleepers is volatile so the park loop can poll it without the lock).
 *
 * Before a fiber blocks this carrier (a pinned park, see FiberCore's overview), beforeBlocking() moves
 * runnext to the local queue and wakes a parked worker, so nothing waits behind a blocked carrier.
 *
 * Orphans and rescue (see Scheduler's overview: Compensation): a worker is an orphan while the stall
 * watchdog has marked it `stalled` (one fiber holds its carrier: blocked outside Spindle, or busy)
 * or while it is a `dormant` extra slot with no thread. Its owner-only state cannot be served by its
 * owner, so any worker that runs out of work rescues orphans before it parks (rescueOrphans): it
 * adopts all their timers (TimerHeap.drainTo; heaps are locked for this), takes their runnext
 * (LocalQueue.Rescuer: a getAndSet against the owner's plain accesses, so a race with an owner that
 * just came back can duplicate a fiber's queue entry, which the fiber's RUNNABLE -> RUNNING CAS turns
 * into a no-op, see FiberCore.runOnCarrier) and steals their ring as usual. Every 61 ticks a busy
 * worker adopts orphans' timers too, so a sleeping fiber does not wait for some worker to go idle.
 */
public final class Worker {
    /** Go's schedtick % 61: a prime, so it does not beat with other periodic patterns. */
    static final int GLOBAL_POLL_INTERVAL = 61;
    /** Go's findrunnable tries 4 rounds of stealing before giving up. */
    static final int STEAL_ROUNDS = 4;

    final Scheduler scheduler;
    private final int index;
    private final WorkerCounters counters = new WorkerCounters(); // see overview: owner only
    private final LocalQueue queue;
    private final TimerHeap timers = new TimerHeap();
    /** True for an extra (compensating) slot, index >= carriers; see Scheduler's overview: Compensation. */
    final boolean extra;
    volatile CarrierThread thread; // written before each start: once for a carrier, per revival for an extra slot

    /** Written by the stall watchdog (Scheduler.setStalled) while this carrier is held past the threshold; read by rescuers. */
    volatile boolean stalled;
    /** Extra slots only: true while no thread owns this worker. Written under Scheduler's lock (retired, compensate). */
    volatile boolean dormant;
    /** Extra slots only: set by the watchdog (Scheduler.retireOne), read by the owner when it has nothing to do. */
    volatile boolean retireRequested;

    volatile boolean inNetPoll;    // net (issue 12): true while this carrier blocks in the network poller (see park)
    /** net (issue 12): a parking carrier that found another carrier polling retries after this long. */
    static final long NET_POLL_RETRY_NANOS = Long.getLong("spindle.net.pollRetryNanos", 1_000_000L);
    volatile boolean inSleepers;   // guarded by Idle's lock (see Idle)
    boolean notifiedSearching;     // guarded by Idle's lock

    private boolean searching;     // owner only
    private boolean inSearchWindow; // owner only: a window (step 5) is open
    private long searchWindowEnd;  // owner only: System.nanoTime() at which the open window ends
    private int tick;              // owner only
    private long rng;              // owner only (xorshift for the steal start)
    private Runnable[] runnextSeen;  // owner only, per victim: the runnext task seen (step 4), lazily sized
    private long[] runnextSeenRun;   // owner only, per victim: the victim's tasksRun when it was seen
    private long[] runnextSeenAt;    // owner only, per victim: System.nanoTime() when it was seen
    private boolean runningRaw;    // owner only (read racily by the console): a non-fiber task runs

    Worker(Scheduler scheduler, int index, int queueCapacity, boolean extra) {
        this.scheduler = scheduler;
        this.index = index;
        this.extra = extra;
        this.queue = new LocalQueue(queueCapacity, counters, scheduler.injection::offer);
        this.rng = 0x9E3779B97F4A7C15L * (index + 1);
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

    /** Racy read, for the console: whether this worker is parked for lack of work. */
    public boolean parkedNow() {
        return inSleepers;
    }

    /** Racy read of an owner-only field, for the console: whether this worker is searching for work. */
    public boolean searchingNow() {
        return searching;
    }

    /** Racy read of an owner-only field, for the console: whether a virtual thread runs on this carrier. */
    public boolean runningVirtualThreadNow() {
        return runningRaw;
    }

    /** Racy read of an owner-only field, for the console: whether runnext holds a task. */
    public boolean runnextOccupiedNow() {
        return queue.runnextOccupiedRacy();
    }

    /** The fiber core mounted on this worker's carrier right now (racy read, for diagnostics), or null. */
    public Object mountedTask() {
        CarrierThread t = thread;
        return t == null ? null : t.mounted();
    }

    // ---- counters: bumped only on this worker's carrier; see overview ----

    /** A fiber was spawned by code running on this carrier. */
    public void countSpawned() {
        counters.spawned++;
    }

    /** A fiber ended on this carrier. */
    public void countCompleted() {
        counters.completed++;
    }

    /** A fiber whose previous time slice ran on another carrier starts one on this carrier. */
    public void countMigration() {
        counters.migrations++;
    }

    /** A park or yield on this carrier could not unmount. */
    public void countPinned() {
        counters.pinned++;
    }

    /** A fiber on this carrier handed a call to the blocking pool. */
    public void countBlockingCall() {
        counters.blockingCalls++;
    }

    /** Tasks run so far (racy read from other threads: the deadlock detector and the watchdog). */
    public long tasksRun() {
        return counters.tasksRun;
    }

    /** The one snapshot of this worker's counters (racy, see WorkerCounters). */
    public WorkerStats stats() {
        return counters.snapshot(index, queue.size(), timers.size());
    }

    public String carrierName() {
        return thread.getName();
    }

    /** The carrier thread running this worker now (for an extra slot: the last one, maybe gone), or null. */
    public Thread carrier() {
        return thread;
    }

    /** True for an extra (compensating) carrier's worker. */
    public boolean isExtra() {
        return extra;
    }

    /** True for an extra slot with no thread right now. */
    public boolean isDormant() {
        return dormant;
    }

    /** True while the stall watchdog has marked this worker stalled. */
    public boolean isStalled() {
        return stalled;
    }

    /** The carrier thread's current stack (for diagnostics). */
    public StackTraceElement[] carrierStackTrace() {
        return thread.getStackTrace();
    }

    /** Owner only: a task for the back of the local queue (overflow goes to the injection queue). */
    void pushLocal(Runnable task) {
        queue.push(task);
    }

    /** Owner only: puts {@code task} in runnext; returns the task it displaced, or null. */
    Runnable setRunnext(Runnable task) {
        return queue.setRunnext(task);
    }

    /** Owner only: registers a timer on this worker's heap. */
    public void addTimer(TimerEntry e) {
        timers.add(e);
    }

    /** Owner only: see overview (last paragraph). */
    public void beforeBlocking() {
        queue.flushRunnext();
        if (queue.size() > 0) {
            scheduler.notifyOneOrNudge();
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
                    if (extra && retireRequested) {
                        retire();
                        return;
                    }
                    continue;
                }
            }
            runTask(t);
        }
    }

    /*
     * runTask is kept small (the cold parts are methods of their own) so that C2 inlines it, and
     * the fiber's runOnCarrier with it, into runLoop's compilation; see FiberCore.runOnCarrier's
     * note on its cold parts (measured: 25-30 ns per pingpong round trip on 1 carrier).
     */
    private void runTask(Runnable t) {
        if (searching) {
            foundWork();
        }
        counters.tasksRun++;
        try {
            if (t instanceof FiberTask f) {
                f.runOnCarrier();
            } else {
                runRaw(t);
            }
        } catch (Throwable e) {
            // Fibers catch their own failures; this only catches a raw task's (e.g. a virtual
            // thread's continuation runner). The carrier must survive whatever happens.
            scheduler.reportTaskFailure(t, e);
        }
    }

    /** A searcher found a task: it stops searching (Idle rule 3). */
    private void foundWork() {
        searching = false;
        inSearchWindow = false;
        if (scheduler.idle.stopSearching()) {
            scheduler.notifyOne(); // Idle rule 3
        }
    }

    /** Not a fiber: a virtual thread's continuation run (virtualThreadBuilder). */
    private void runRaw(Runnable t) {
        counters.virtualThreadRuns++;
        runningRaw = true;
        Probe.taskStart(scheduler, index);
        try {
            t.run();
        } finally {
            runningRaw = false;
            Probe.taskEnd(scheduler, index);
        }
    }

    /** Steps 1-3 of the overview. */
    private Runnable nextTask() {
        if (++tick % GLOBAL_POLL_INTERVAL == 0) {
            if (scheduler.orphans() > 0) {
                rescueTimers(); // see overview: Orphans and rescue
            }
            if (timers.size() > 0) {
                runExpiredTimers();
            }
            NetPoll np = scheduler.netPoll();
            if (np != null) {
                np.pollNow(); // net (issue 12): a busy carrier still polls now and then (Go's schedule does too)
            }
            Runnable g = scheduler.injection.poll();
            if (g != null) {
                counters.globalPolls++;
                return g;
            }
        }
        return queue.next();
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

    /** Steps 4-6 of the overview. Returns a task, or null after a wait or a park (the caller loops). */
    private Runnable findWork() {
        if (timers.size() > 0) {
            runExpiredTimers();
            Runnable l = queue.pollRing();
            if (l != null) {
                return l;
            }
        }
        Runnable g = pollInjectionBatch();
        if (g != null) {
            return g;
        }
        NetPoll np = scheduler.netPoll();
        if (np != null && np.pollNow() > 0) { // net (issue 12): Go's findRunnable polls before stealing
            Runnable r = queue.next();
            if (r != null) {
                return r;
            }
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
        if (scheduler.isTerminating() || (extra && retireRequested)) {
            return null;
        }
        if (searching && waitInSearchWindow()) {
            return null; // step 5: rescan
        }
        park();
        return null;
    }

    /**
     * Step 5 (Idle rule 5), for a searcher whose scan found nothing: opens the window at the first
     * empty scan, then waits once (at most the search wait, never past the window's end or the
     * earliest timer). Returns false when the window is over: the caller parks.
     */
    private boolean waitInSearchWindow() {
        Idle idle = scheduler.idle;
        long now = System.nanoTime();
        if (!inSearchWindow) {
            long window = idle.searchWindowNanos();
            if (window <= 0) {
                return false;
            }
            inSearchWindow = true;
            searchWindowEnd = now + window;
        }
        long wait = Math.min(idle.searchWaitNanos(), searchWindowEnd - now);
        long timer = timers.nextDeadline();
        if (timer != Long.MAX_VALUE) {
            wait = Math.min(wait, timer - now);
        }
        if (wait <= 0) {
            inSearchWindow = searchWindowEnd - now > 0; // a timer is due: rescan; else the window is over
            return inSearchWindow;
        }
        counters.searchWaits++;
        boolean registered = idle.beginSearchWait(this);
        LockSupport.parkNanos(this, wait);
        if (registered && idle.endSearchWait(this)) {
            counters.searchNudges++;
        }
        return true;
    }

    /** See overview: Orphans and rescue. Returns a task to run now, or null. */
    private Runnable rescueOrphans() {
        rescueTimers();
        for (Worker o : scheduler.workers) {
            if (o == this || !(o.stalled || o.dormant)) {
                continue;
            }
            Runnable r = o.queue.rescuer().takeRunnext();
            if (r != null) {
                // a fiber, or a virtual thread's continuation run: both ignore a duplicate entry
                // (a failed RUNNABLE -> RUNNING CAS); see overview: Orphans and rescue
                scheduler.noteRescued();
                counters.rescued++;
                return r;
            }
            int got = queue.stealFrom(o.queue.thief());
            if (got > 0) {
                counters.tasksStolen += got;
                counters.rescued += got;
                Runnable l = queue.pollRing();
                if (l != null) {
                    return l;
                }
            }
        }
        if (timers.size() > 0) {
            runExpiredTimers();
            return queue.pollRing();
        }
        return null;
    }

    /** Adopts every timer of every orphan into this worker's heap (see overview: Orphans and rescue). */
    private void rescueTimers() {
        for (Worker o : scheduler.workers) {
            if (o != this && (o.stalled || o.dormant) && o.timers.size() > 0) {
                counters.rescued += o.timers.drainTo(timers);
            }
        }
    }

    /** True if this orphan holds something a rescuer should take (racy; Idle rule 4b's recheck). */
    boolean hasRescuableWork() {
        return (stalled || dormant) && (queue.rescuer().hasRunnext() || timers.size() > 0);
    }

    /**
     * An extra carrier leaves (see Scheduler's overview: Compensation): its runnext and ring go to
     * the injection queue, its timers stay in its heap for a rescuer to adopt, and the slot goes
     * dormant. Runs on the retiring carrier, which is unparked and off the sleepers.
     */
    private void retire() {
        if (searching) {
            searching = false;
            if (scheduler.idle.stopSearching()) {
                scheduler.notifyOne();
            }
        }
        queue.flushRunnext();
        Runnable l;
        while ((l = queue.pollRing()) != null) {
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
            int got = queue.stealFrom(victim.queue.thief());
            if (got > 0) {
                counters.steals++;
                counters.tasksStolen += got;
                Probe.steal(scheduler, scheduler.name(), index, victim.index, got);
                Runnable r = queue.pollRing();
                if (r != null) {
                    return r;
                }
            } else {
                Runnable r = stealRunnext(victim);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Step 4, Go's runqgrab: takes {@code victim}'s runnext if this worker saw the same task there at
     * least the grace ago and the victim has run no task since (it is stuck in one time slice).
     */
    private Runnable stealRunnext(Worker victim) {
        if (LocalQueue.RUNNEXT_GRACE_NANOS < 0) {
            return null;
        }
        LocalQueue.Thief v = victim.queue.thief();
        Runnable r = v.peekRunnext();
        int i = victim.index;
        if (runnextSeen == null || i >= runnextSeen.length) { // workers only grow (Scheduler: Compensation)
            int n = Math.max(scheduler.workers.length, i + 1);
            runnextSeen = runnextSeen == null ? new Runnable[n] : java.util.Arrays.copyOf(runnextSeen, n);
            runnextSeenRun = runnextSeenRun == null ? new long[n] : java.util.Arrays.copyOf(runnextSeenRun, n);
            runnextSeenAt = runnextSeenAt == null ? new long[n] : java.util.Arrays.copyOf(runnextSeenAt, n);
        }
        if (r == null) {
            runnextSeen[i] = null;
            return null;
        }
        long run = victim.tasksRun(); // racy read of the victim's counter: a stale value only delays or
                                      // hastens a steal, the CAS below decides who gets the task
        long now = System.nanoTime();
        if (r != runnextSeen[i] || run != runnextSeenRun[i]) {
            runnextSeen[i] = r;
            runnextSeenRun[i] = run;
            runnextSeenAt[i] = now;
            return null;
        }
        if (now - runnextSeenAt[i] < LocalQueue.RUNNEXT_GRACE_NANOS) {
            return null;
        }
        runnextSeen[i] = null;
        if (!v.takeRunnext(r)) {
            return null;
        }
        counters.runnextSteals++;
        counters.steals++;
        counters.tasksStolen++;
        Probe.steal(scheduler, scheduler.name(), index, victim.index, 1);
        return r;
    }

    private void park() {
        Idle idle = scheduler.idle;
        boolean wasSearching = searching;
        searching = false;
        inSearchWindow = false;
        if (idle.parkWorker(this, wasSearching) && scheduler.anyQueuedWork()) {
            scheduler.notifyOne(); // Idle rule 4b: may wake this very worker
        }
        counters.carrierParks++;
        Probe.carrierPark(scheduler, index);
        while (inSleepers && !scheduler.isTerminating() && !(extra && retireRequested)) {
            long deadline = timers.nextDeadline();
            NetPoll np = scheduler.netPoll();
            if (np != null && deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                break; // a timer is due (pollBlocking(<= 0) would mean "no limit")
            }
            if (np != null) {
                // net (issue 12), carrier-polling mode: block in the network poller instead of parking
                // (Go's findRunnable: one idle M blocks in netpoll). inNetPoll (volatile) is written
                // before inSleepers is read, and unparkCarrier reads it after Idle cleared inSleepers:
                // one of the two sees the other, so a notify is never lost (a wakeup() before the
                // select makes it return at once).
                inNetPoll = true;
                boolean polled = inSleepers && np.pollBlocking(deadline == Long.MAX_VALUE ? 0 : Math.max(1, deadline - System.nanoTime()));
                inNetPoll = false;
                if (polled) {
                    if (queue.ownerHasWork() || (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0)) {
                        break; // it woke fibers onto this worker, or a timer is due
                    }
                    continue;
                }
                if (!np.someoneBlocked()) {
                    LockSupport.parkNanos(this, NET_POLL_RETRY_NANOS); // the poller was briefly busy: try again soon
                    continue;
                }
            }
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
        Probe.carrierUnpark(scheduler, index);
        scheduler.carrierWoke(); // the stall watchdog sleeps while every carrier is parked
    }

    void unparkCarrier() {
        CarrierThread t = thread;
        if (t != null) {
            if (inNetPoll) { // net (issue 12): blocked in the network poller, not in LockSupport.park
                NetPoll np = scheduler.netPoll();
                if (np != null) {
                    np.wakeup();
                }
            }
            LockSupport.unpark(t);
        }
    }

    /** Idle rule 4b's recheck, from another worker: through the thief view. */
    boolean hasQueuedWork() {
        return queue.thief().hasWork() || hasRescuableWork();
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
