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
    CarrierThread thread; // written once before start

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

    Worker(Scheduler scheduler, int index, int queueCapacity) {
        this.scheduler = scheduler;
        this.index = index;
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
                    continue;
                }
            }
            runTask(t);
        }
    }

    private void runTask(Runnable t) {
        if (searching) {
            searching = false;
            inSearchWindow = false;
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
            if (timers.size() > 0) {
                runExpiredTimers();
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
            if (!scheduler.isTerminating() && waitInSearchWindow()) {
                return null; // step 5: rescan
            }
        }
        if (scheduler.isTerminating()) {
            return null;
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

    /** Go's globrunqget: take a fair share of the injection queue, run the first, keep the rest. */
    private Runnable pollInjectionBatch() {
        Runnable first = scheduler.injection.poll();
        if (first == null) {
            return null;
        }
        counters.globalPolls++;
        int share = Math.min(scheduler.injection.size() / scheduler.workers.length + 1, queue.capacity() / 2);
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
        if (runnextSeen == null) {
            int n = scheduler.workers.length;
            runnextSeen = new Runnable[n];
            runnextSeenRun = new long[n];
            runnextSeenAt = new long[n];
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
        while (inSleepers && !scheduler.isTerminating()) {
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
        Probe.carrierUnpark(scheduler, index);
    }

    void unparkCarrier() {
        CarrierThread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Idle rule 4b's recheck, from another worker: through the thief view. */
    boolean hasQueuedWork() {
        return queue.thief().hasWork();
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
