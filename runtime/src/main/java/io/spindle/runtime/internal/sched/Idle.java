package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;

/*
 * Implementation overview: the idle / wake protocol (Go proc.go "Worker thread parking/unparking",
 * Tokio multi_thread/idle.rs).
 *
 * state packs two counters in one int so that both change in one atomic step:
 *   bits 16..31  searching - workers looking for work (stealing) right now
 *   bits  0..15  unparked  - workers not parked (running, searching or about to park)
 * Written by CAS / getAndAdd (volatile, sequentially consistent); read by everybody.
 *
 * sleepers: the parked workers, a stack guarded by the monitor of `this` (a short critical section
 * that never parks a fiber: only carriers and submitting threads enter it, and they never yield
 * inside). Lock order: Idle is a leaf lock.
 *
 * Rules:
 *  1. At most half the workers search at once (tryBecomeSearching), so that a burst of idle workers
 *     does not hammer the victims' heads with CAS.
 *  2. A submit wakes a parked worker only when nobody is searching (notifyOne / shouldWake): a
 *     searcher will find the new task anyway. The woken worker starts out searching, so a second
 *     submit does not wake a second worker until the first has found something.
 *  3. A searcher that finds work and was the last searcher wakes another worker (Go's resetspinning):
 *     there may be more work than one worker can take.
 *  4. A worker parks by (a) pushing itself on sleepers and updating state under the lock, then
 *     (b) if it was the last searcher, rechecking every queue, and waking a worker (maybe itself)
 *     if any has work.
 *
 * The StoreLoad argument (no lost wake-up): a submitter does STORE(task); LOAD(state). A parker does
 * STORE(state) (rule 4a); LOAD(queues) (rule 4b). With both pairs ordered by full fences (the CAS in
 * 4a; the fullFence in notifyOne), at least one side sees the other: either the submitter sees
 * searching == 0 and a sleeper and wakes it, or the last searcher sees the task and wakes somebody.
 */
public final class Idle {
    private static final VarHandle STATE;
    private static final int UNPARKED_ONE = 1;
    private static final int SEARCHING_ONE = 1 << 16;
    private static final int UNPARKED_MASK = 0xFFFF;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Idle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int workers;
    @SuppressWarnings("unused") private volatile int state; // see overview: state
    private final ArrayList<Worker> sleepers = new ArrayList<>(); // guarded by this

    Idle(int workers) {
        if (workers > UNPARKED_MASK) {
            throw new IllegalArgumentException("at most " + UNPARKED_MASK + " carriers");
        }
        this.workers = workers;
        this.state = workers; // every worker starts unparked and not searching
    }

    private int lvState() { return (int) STATE.getVolatile(this); }
    private boolean casState(int expect, int v) { return STATE.compareAndSet(this, expect, v); }

    static int searching(int s) { return s >>> 16; }
    static int unparked(int s) { return s & UNPARKED_MASK; }

    public int searching() { return searching(lvState()); }
    public int unparked() { return unparked(lvState()); }

    /** Rule 1. Returns true when the caller may start searching (and is now counted as such). */
    boolean tryBecomeSearching() {
        while (true) {
            int s = lvState();
            if (2 * searching(s) >= workers) {
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

    /** Rule 2: should a submit wake somebody? Call after publishing the task. */
    boolean shouldWake() {
        VarHandle.fullFence(); // StoreLoad: the task store above before the state load; see overview
        int s = lvState();
        return searching(s) == 0 && unparked(s) < workers;
    }

    /** Rule 2: wakes one parked worker, which starts searching. Returns false if none was parked. */
    boolean notifyOne() {
        if (!shouldWake()) {
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
            STATE.getAndAdd(this, SEARCHING_ONE + UNPARKED_ONE);
            w.notifiedSearching = true; // read by w after it wakes (the lock orders it)
        }
        w.unparkCarrier();
        return true;
    }

    /** Wakes every parked worker (shutdown). */
    void notifyAll(Iterable<Worker> all) {
        synchronized (this) {
            for (Worker w : sleepers) {
                w.inSleepers = false;
                STATE.getAndAdd(this, UNPARKED_ONE);
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
            int delta = -UNPARKED_ONE - (wasSearching ? SEARCHING_ONE : 0);
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
            STATE.getAndAdd(this, UNPARKED_ONE);
            return false;
        }
    }
}
