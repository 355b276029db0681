package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;

/*
 * Implementation overview: the idle / wake protocol (Go proc.go "Worker thread parking/unparking",
 * Tokio multi_thread/idle.rs), with Go's searching window: a searcher that finds nothing waits a
 * little and looks again before it gives its carrier up.
 *
 * state packs two counters in one int so that both change in one atomic step:
 *   bits 16..31  searching - workers looking for work right now, including searchers waiting in
 *                their window (rule 5)
 *   bits  0..15  parked    - workers on the sleepers stack (parked for lack of work)
 * Written by CAS / getAndAdd (volatile, sequentially consistent); read by everybody.
 * Counting the parked workers rather than the unparked ones makes rule 2 ("is anybody parked?")
 * independent of how many workers there are: compensating carriers (see Compensation) come and go,
 * and `active` (the workers with a live thread) is only a heuristic for rule 1, written under the
 * lock and read racily.
 *
 * sleepers: the parked workers, a stack guarded by the monitor of `this` (a short critical section
 * that never parks a fiber: only carriers and submitting threads enter it, and they never yield
 * inside). Lock order: Idle is a leaf lock.
 *
 * waitingSearcher: a searcher in one of its timed waits (rule 5), or null. Set by that searcher
 * (CAS null -> itself) before the wait and cleared by CAS, either by the searcher after the wait or
 * by a submitter that nudges it (rule 5); read by submitters. Only a hint for latency: nothing
 * depends on it for correctness (a searcher rescans after every wait anyway).
 *
 * searchWindowNanos / searchWaitNanos: written at construction (from the properties below) and by
 * tuneSearch (tests, experiments); read by searchers when they start a wait (volatile, plain enough).
 *
 * Rules:
 *  1. At most half the workers search at once (tryBecomeSearching), so that a burst of idle workers
 *     does not hammer the victims' heads with CAS.
 *  2. A submit wakes a parked worker only when nobody is searching (notifyOne): a searcher will find
 *     the new task anyway (Go's wakep). The woken worker starts out searching, so a second submit
 *     does not wake a second worker until the first has found something.
 *  3. A searcher that finds work and was the last searcher wakes another worker (Go's resetspinning):
 *     there may be more work than one worker can take.
 *  4. A worker parks by (a) pushing itself on sleepers and updating state under the lock, then
 *     (b) if it was the last searcher, rechecking every queue, and waking a worker (maybe itself)
 *     if any has work.
 *  5. The searching window: a searcher whose scan (timers, injection queue, STEAL_ROUNDS of
 *     stealing) found nothing stays a searcher for searchWindowNanos, rescanning after each timed
 *     wait of searchWaitNanos (LockSupport.parkNanos, a carrier that sleeps, not one that spins),
 *     and only then parks (rule 4). While it waits it still counts as searching, so rule 2 wakes
 *     nobody: a fiber displaced from runnext on a busy carrier is stolen at the next rescan without
 *     any futex wake on the busy carrier's path (fanin's case). Spawns, yields and the injection
 *     queue (notifyOneOrNudge) also cut the wait short: they take waitingSearcher and unpark it
 *     (at most one unpark per wait), so a task from outside runs as promptly as a parked carrier's
 *     wake-up would; a task displaced from runnext (notifyOne) does not, it waits for the rescan.
 *     After the window an idle runtime parks every carrier and uses no CPU.
 *
 * The StoreLoad argument (no lost wake-up). A submitter does STORE(task); full fence; LOAD(state)
 * (notifyOne / notifyOneOrNudge). A searcher leaves the searching count only in two places: when it
 * found a task (rule 3: getAndAdd, then it wakes another worker if it was the last searcher and
 * somebody is parked), and when its window is over (rule 4a: getAndAdd under the lock, then
 * LOAD(queues) in 4b). Each getAndAdd is a full fence. So for a task published while the count was
 * non-zero, either the last searcher's 4b load sees it (and wakes somebody, maybe itself), or the
 * submitter's load sees searching == 0 and wakes a sleeper; while the count stays non-zero some
 * searcher is still in its window and rescans every queue within searchWaitNanos. The window only
 * delays 4a: the argument is Go's, with Go's spinning replaced by rescans after timed waits, and
 * the bound on how long a task can wait for a searcher is one wait, not one futex wake.
 */
public final class Idle {
    /**
     * How long a searcher that found nothing stays searching before it parks its carrier (rule 5).
     * From the issue-10 prototype: a window of ~200 us took 2-carrier fanin from ~1030 to ~280 ns per
     * message with 0 carrier parks, and bounds the CPU an idle worker burns to a few rescans.
     * Override: -Dspindle.searchWindowMicros (0: park at once, the protocol before the window).
     */
    public static final long DEFAULT_SEARCH_WINDOW_NANOS =
            Long.getLong("spindle.searchWindowMicros", 200) * 1000;
    /**
     * One timed wait inside the window (rule 5). Go's runqgrab sleeps 3 us before it steals runnext;
     * we ask for 20 us, which Linux's default 50 us timer slack turns into ~60-70 us, so a 200 us
     * window makes about three rescans. A busy spin instead gained nothing in the prototype (the
     * spinner's reads of the victims' indices slow their owners). Override: -Dspindle.searchWaitMicros.
     */
    public static final long DEFAULT_SEARCH_WAIT_NANOS =
            Math.max(1, Long.getLong("spindle.searchWaitMicros", 20)) * 1000;

    private static final VarHandle STATE;
    private static final VarHandle WAITING;
    private static final int PARKED_ONE = 1;
    private static final int SEARCHING_ONE = 1 << 16;
    private static final int PARKED_MASK = 0xFFFF;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Idle.class, "state", int.class);
            WAITING = l.findVarHandle(Idle.class, "waitingSearcher", Worker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int active; // workers with a live thread; written under the lock, read racily (rule 1)
    @SuppressWarnings("unused") private volatile int state; // see overview: state
    private final ArrayList<Worker> sleepers = new ArrayList<>(); // guarded by this
    @SuppressWarnings("unused") private volatile Worker waitingSearcher; // see overview
    private volatile long searchWindowNanos = DEFAULT_SEARCH_WINDOW_NANOS; // see overview
    private volatile long searchWaitNanos = DEFAULT_SEARCH_WAIT_NANOS;     // see overview

    Idle(int workers) {
        this(workers, workers);
    }

    /** {@code maxWorkers}: carriers plus the most extra (compensating) carriers that may run at once. */
    Idle(int workers, int maxWorkers) {
        if (maxWorkers > PARKED_MASK) {
            throw new IllegalArgumentException("at most " + PARKED_MASK + " carriers, extra ones included");
        }
        this.active = workers; // every worker starts unparked and not searching: state 0
    }

    private int lvState() { return (int) STATE.getVolatile(this); }
    private boolean casState(int expect, int v) { return STATE.compareAndSet(this, expect, v); }

    static int searching(int s) { return s >>> 16; }
    static int parked(int s) { return s & PARKED_MASK; }

    public int searching() { return searching(lvState()); }
    public int parked() { return parked(lvState()); }
    public int active() { return active; }
    /** Active workers not parked (running, searching or about to park); racy: two reads. */
    public int unparked() { return active - parked(lvState()); }

    /** A compensating carrier starts: one more active worker (it starts unparked, not searching). */
    synchronized void activate() {
        active++;
    }

    /**
     * A compensating carrier retires: it is unparked, off the sleepers, and no longer searching
     * (the caller made sure); one fewer active worker.
     */
    synchronized void deactivate() {
        active--;
    }

    /** Rule 1. Returns true when the caller may start searching (and is now counted as such). */
    boolean tryBecomeSearching() {
        while (true) {
            int s = lvState();
            if (2 * searching(s) >= active) {
                return false;
            }
            if (casState(s, s + SEARCHING_ONE)) {
                return true;
            }
        }
    }

    /** Rule 3. The caller stops searching (it found work); true if it was the last searcher. */
    boolean stopSearching() {
        int prev = (int) STATE.getAndAdd(this, -SEARCHING_ONE);
        return searching(prev) == 1;
    }

    /**
     * Rule 2 for a task that a wake-up displaced from runnext: wakes one parked worker, which starts
     * searching, unless somebody searches (a searcher in its window finds the task at its next
     * rescan). Call after publishing the task. Returns false if nobody was woken.
     */
    boolean notifyOne() {
        return wake(false);
    }

    /**
     * Rules 2 and 5 for spawns, yields, a carrier about to block, and the injection queue: as
     * {@link #notifyOne}, and when somebody searches, also cuts a waiting searcher's wait short.
     */
    boolean notifyOneOrNudge() {
        return wake(true);
    }

    /** Rule 2: should a submit wake somebody? Call after publishing the task. */
    boolean shouldWake() {
        VarHandle.fullFence(); // StoreLoad: the task store above before the state load; see overview
        int s = lvState();
        return searching(s) == 0 && parked(s) > 0;
    }

    private boolean wake(boolean nudge) {
        if (!shouldWake()) {
            if (nudge) {
                nudgeWaitingSearcher(); // nobody parked to wake, or a searcher: maybe one waits (rule 5)
            }
            return false;
        }
        Worker w;
        synchronized (this) {
            // recheck under the lock: another submitter may have woken a searcher meanwhile
            int s = lvState();
            if (searching(s) != 0 || sleepers.isEmpty()) {
                return false;
            }
            w = sleepers.remove(sleepers.size() - 1);
            w.inSleepers = false;
            STATE.getAndAdd(this, SEARCHING_ONE - PARKED_ONE);
            w.notifiedSearching = true; // read by w after it wakes (the lock orders it)
        }
        w.unparkCarrier();
        return true;
    }

    /** Rule 5: takes the waiting searcher, if any, and unparks it (one unpark per wait). */
    private void nudgeWaitingSearcher() {
        Worker w = waitingSearcher;
        if (w != null && WAITING.compareAndSet(this, w, null)) { // only one nudger per wait
            w.unparkCarrier();
        }
    }

    /** Rule 5, the searcher before a timed wait: true if it registered as the one to nudge. */
    boolean beginSearchWait(Worker w) {
        return WAITING.compareAndSet(this, null, w);
    }

    /** Rule 5, the searcher after a timed wait it registered for: true if a submitter nudged it. */
    boolean endSearchWait(Worker w) {
        return !WAITING.compareAndSet(this, w, null);
    }

    long searchWindowNanos() {
        return searchWindowNanos;
    }

    long searchWaitNanos() {
        return searchWaitNanos;
    }

    /** Rule 5's window and wait (tests and experiments; the defaults come from the properties). */
    void tuneSearch(long windowNanos, long waitNanos) {
        if (windowNanos < 0 || waitNanos <= 0) {
            throw new IllegalArgumentException("search window must be >= 0 and wait > 0 ns, got "
                    + windowNanos + " and " + waitNanos);
        }
        searchWaitNanos = waitNanos;
        searchWindowNanos = windowNanos;
    }

    /** Wakes every parked worker (shutdown). */
    void notifyAll(Iterable<Worker> all) {
        synchronized (this) {
            for (Worker w : sleepers) {
                w.inSleepers = false;
                STATE.getAndAdd(this, -PARKED_ONE);
            }
            sleepers.clear();
        }
        for (Worker w : all) {
            w.unparkCarrier();
        }
    }

    /** Rule 4a. Returns true if the caller was the last searcher and must recheck all queues. */
    boolean parkWorker(Worker w, boolean wasSearching) {
        synchronized (this) {
            int delta = PARKED_ONE - (wasSearching ? SEARCHING_ONE : 0);
            int prev = (int) STATE.getAndAdd(this, delta);
            sleepers.add(w);
            w.inSleepers = true;
            return wasSearching && searching(prev) == 1;
        }
    }

    /**
     * After a worker wakes up: if it was woken by notifyOne it is counted as searching already and
     * this returns true; if it woke by itself (timer, spurious), it takes itself off the sleepers and
     * counts as unparked, not searching, and this returns false.
     */
    boolean unparkWorker(Worker w) {
        synchronized (this) {
            if (!w.inSleepers) {
                boolean searching = w.notifiedSearching;
                w.notifiedSearching = false;
                return searching;
            }
            sleepers.remove(w);
            w.inSleepers = false;
            STATE.getAndAdd(this, -PARKED_ONE);
            return false;
        }
    }
}
