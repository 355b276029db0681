package io.spindle.runtime.internal.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/*
 * Implementation overview: the work-stealing scheduler (see also Worker and Idle).
 *
 * Tasks are plain Runnables: a fiber's task is its core (internal.fiber.FiberCore, a FiberTask
 * whose runOnCarrier mounts it), and a virtual thread driven by Spindle
 * (Runtime.virtualThreadBuilder) submits its own continuation runner. The scheduler knows nothing
 * about fibers or continuations beyond the FiberTask interface.
 *
 * Queues, and why each type:
 *  - Local run queue per worker: LocalQueue (runnext + the RunQueue ring), RunQueue hand-written (JCTools has no work-stealing deque; an
 *    SpmcArrayQueue has no batch steal and no way to take half in one CAS). 256 slots, steal-half.
 *  - runnext per worker: one volatile slot in LocalQueue, set and taken by its owner (atomic exchange),
 *    taken by a thief only by CAS after a grace (Go's runqgrab; see LocalQueue), and by a rescuer's
 *    getAndSet for a stalled or retired worker (see Worker's overview: Orphans and rescue).
 *  - Injection queue: InjectionQueue (a VarHandle array ring, Vyukov's bounded MPMC queue, spilling
 *    into a locked list of 1024-task chunks only when the ring is full: no node per task). Many
 *    producers (threads outside the runtime, overflow from every worker) and many consumers (every
 *    worker); it must never reject (a wake-up cannot be dropped), so unbounded. Not JCTools'
 *    MpmcUnboundedXaddArrayQueue, the faster choice in isolation, because it calls sun.misc.Unsafe
 *    (a JDK 24+ warning in every application, and a module dependency on jdk.unsupported); the
 *    queue carries a few percent of the tasks (see InjectionQueue for the numbers).
 *
 * Where a submitted task goes:
 *  - submit (spawn, yield, a fiber that its own carrier finds unparked): the current worker's local
 *    queue when called on one of this scheduler's carriers, else the injection queue; then Idle
 *    rules 2 and 5 (wake a parked worker if nobody is searching, else cut a waiting searcher's wait
 *    short: notifyOneOrNudge).
 *  - submitWoken (unpark): runnext when on one of our carriers (no wake-up of another worker unless
 *    it displaced a task into the queue, as in Tokio, and then rule 2 only: a searcher in its window
 *    steals the displaced task at its next rescan, with no futex wake on this carrier's path); from
 *    outside, the injection queue + rules 2 and 5.
 *
 * Compensation (Go's hand-off of a P blocked in a syscall, ForkJoinPool's managed-blocker spares):
 * the stall watchdog (internal.diag.StallWatchdog) marks a worker `stalled` (setStalled) when one
 * fiber has held its carrier past the threshold; its runnext and timers become rescuable (Worker's
 * overview: Orphans and rescue) and a parked worker is woken to take them. When the carrier is
 * blocked outside Spindle, work waits, and no worker is parked, the watchdog asks for an extra
 * carrier (compensate). An extra carrier is a Worker in a slot at index >= carriers, with its own
 * thread <name>-carrier-<index>; it runs the normal loop, so work reaches it the normal ways: the
 * injection queue, stealing (the stalled worker's ring included) and the rescue of orphans. It
 * retires when the watchdog asks it to (retireOne: more than `carriers` carriers are free again)
 * and it has nothing to do (Worker.retire): the slot stays in `workers`, dormant (an orphan whose
 * timers get adopted), and the next compensation revives it. At most `maxExtra` extra carriers
 * run at once (Runtime.Builder.maxCompensation). `workers` only grows: copy-on-write under
 * `threads`' lock, read with one volatile load. Idle counts parked workers (not unparked ones), so
 * its wake-up rule does not depend on how many workers there are.
 *
 * Shutdown steps: (1) terminating = true; (2) wake every parked worker; (3) each worker runs what it
 * can still find and exits when it finds nothing; (4) awaitTermination joins the carriers, the extra
 * ones included. A carrier blocked forever outside Spindle (a monitor deadlock) cannot be joined:
 * awaitTermination returns false and the runtime reports it.
 * Tasks left in queues after that (fibers parked forever are never in a queue) are dropped.
 */
public final class Scheduler implements Executor {
    volatile Worker[] workers; // grows only (extra slots), copy-on-write under `threads`' lock
    final InjectionQueue injection = new InjectionQueue(); // every worker and outside producers; see InjectionQueue
    final Idle idle;
    private final String name;
    private final Object owner;
    private final BiConsumer<Runnable, Throwable> failureReporter;
    private volatile boolean terminating; // written once by shutdown(); read by workers in their loops
    private volatile NetPoll netPoll;     // net (issue 12): carrier-polling mode only; set once by the network poller, read by workers
    private final List<CarrierThread> threads = new ArrayList<>(); // every carrier ever started; guarded by itself
    private final int carriers;
    private final int maxExtra;
    private final int queueCapacity;
    private final boolean daemon;
    private final ThreadGroup group;
    private final AtomicInteger orphans = new AtomicInteger();      // workers stalled or dormant now
    private final AtomicInteger extrasActive = new AtomicInteger(); // extra carriers with a live thread
    private final LongAdder compensations = new LongAdder();       // extra carriers started, in total
    private volatile boolean rescuedEver;      // written once (false -> true) before a rescued runnext runs
    private volatile Thread watchdog;          // the stall watchdog's thread, or null; written once
    private volatile boolean watchdogSleeping; // written by the watchdog, read by waking carriers (Dekker pair)

    /** {@code owner}: the object this scheduler runs for (the Runtime), handed back by {@link #owner()}. */
    public Scheduler(Object owner, String name, int carriers, int queueCapacity, boolean daemon,
                     BiConsumer<Runnable, Throwable> failureReporter) {
        this(owner, name, carriers, queueCapacity, daemon, 0, failureReporter);
    }

    /** {@code maxExtra}: the most extra (compensating) carriers at once; see overview: Compensation. */
    public Scheduler(Object owner, String name, int carriers, int queueCapacity, boolean daemon, int maxExtra,
                     BiConsumer<Runnable, Throwable> failureReporter) {
        if (carriers < 1) {
            throw new IllegalArgumentException("carriers must be >= 1, got " + carriers);
        }
        this.owner = owner;
        this.name = name;
        this.failureReporter = failureReporter;
        this.carriers = carriers;
        this.maxExtra = maxExtra;
        this.queueCapacity = queueCapacity;
        this.daemon = daemon;
        this.idle = new Idle(carriers, carriers + maxExtra);
        Worker[] ws = new Worker[carriers];
        for (int i = 0; i < carriers; i++) {
            ws[i] = new Worker(this, i, queueCapacity, false);
        }
        this.workers = ws;
        this.group = Thread.currentThread().getThreadGroup();
        for (Worker w : ws) {
            CarrierThread t = new CarrierThread(group, w, name + "-carrier-" + w.index());
            t.setDaemon(daemon);
            w.thread = t;
            threads.add(t);
        }
    }

    public void start() {
        for (CarrierThread t : threads) {
            t.start();
        }
    }

    public String name() {
        return name;
    }

    /** The runtime this scheduler belongs to (typed Object: the scheduler knows nothing about the API). */
    public Object owner() {
        return owner;
    }

    /** The configured number of carriers (extra, compensating carriers not counted). */
    public int carriers() {
        return carriers;
    }

    /** Every worker: the carriers', then the extra slots created so far (some may be dormant). */
    public List<Worker> workers() {
        return List.of(workers);
    }

    /** The carrier threads: the configured ones, then every extra one started so far (alive or not). */
    public List<Thread> carrierThreads() {
        synchronized (threads) {
            return List.copyOf(threads);
        }
    }

    // ------------------------------------------------------------------ compensation (see overview)

    public int maxExtra() {
        return maxExtra;
    }

    /** Extra carriers running now. */
    public int extrasActive() {
        return extrasActive.get();
    }

    /** Extra carriers started in total. */
    public long compensations() {
        return compensations.sum();
    }

    int orphans() {
        return orphans.get();
    }

    /** The watchdog marks (or clears) {@code w} as stalled; marking wakes a parked worker to rescue it. */
    public void setStalled(Worker w, boolean stalled) {
        if (w.stalled != stalled) { // only the watchdog thread writes it
            w.stalled = stalled;
            orphans.addAndGet(stalled ? 1 : -1);
            if (stalled) {
                notifyOne();
            }
        }
    }

    void noteRescued() {
        if (!rescuedEver) {
            rescuedEver = true;
        }
    }

    /**
     * True once a runnext has been rescued: from then on a fiber may find a duplicate queue entry
     * (see Worker's overview: Orphans and rescue). The rescuer writes it before running the task, so
     * whoever fails the fiber's RUNNABLE -> RUNNING CAS against that run sees it.
     */
    public boolean duplicatesPossible() {
        return rescuedEver;
    }

    /**
     * Starts one extra carrier (reviving a dormant slot, or adding one), unless {@link #maxExtra()}
     * run already or the scheduler is terminating. Returns the new carrier's thread, or null.
     * Called by the watchdog only.
     */
    public Thread compensate() {
        Worker w = null;
        CarrierThread t;
        synchronized (threads) {
            if (terminating || extrasActive.get() >= maxExtra) {
                return null;
            }
            for (Worker x : workers) {
                if (x.extra && x.dormant) {
                    w = x;
                    break;
                }
            }
            if (w == null) {
                Worker[] old = workers;
                w = new Worker(this, old.length, queueCapacity, true);
                Worker[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = w;
                workers = grown;
            } else {
                w.dormant = false;
                orphans.decrementAndGet();
            }
            w.retireRequested = false;
            t = new CarrierThread(group, w, name + "-carrier-" + w.index());
            t.setDaemon(daemon);
            w.thread = t;
            threads.add(t);
            extrasActive.incrementAndGet();
            compensations.increment();
            idle.activate();
        }
        t.start(); // happens-before: everything the slot's previous owner and this method wrote
        return t;
    }

    /** Asks one parked extra carrier to retire; true if one was asked. Called by the watchdog only. */
    public boolean retireOne() {
        for (Worker w : workers) {
            if (w.extra && !w.dormant && !w.retireRequested && !w.stalled && w.inSleepers) {
                w.retireRequested = true;
                w.unparkCarrier();
                return true;
            }
        }
        return false;
    }

    /** Worker.retire's last step, on the retiring carrier (unparked, not searching). */
    void retired(Worker w) {
        synchronized (threads) {
            idle.deactivate();
            extrasActive.decrementAndGet();
            orphans.incrementAndGet();
            w.retireRequested = false;
            w.dormant = true; // the owner's last write; compensate() may revive the slot from here on
        }
        if (anyQueuedWork()) {
            notifyOne();
        }
    }

    /** Registers the stall watchdog's thread, which carriers wake when they unpark (see carrierWoke). */
    public void setWatchdog(Thread t) {
        watchdog = t;
    }

    /**
     * The watchdog asks whether it may park without a timeout: only while every active carrier is
     * parked. Dekker pair with {@link #carrierWoke}: here STORE watchdogSleeping, LOAD Idle's state
     * (allParked); there STORE Idle's state (unparkWorker, under its lock), LOAD watchdogSleeping.
     * All volatile, so at least one side sees the other: the watchdog stays awake, or is unparked.
     */
    public boolean watchdogMaySleep() {
        watchdogSleeping = true;
        if (!allParked()) {
            watchdogSleeping = false;
            return false;
        }
        return true;
    }

    /** The watchdog woke up (see watchdogMaySleep). */
    public void watchdogAwake() {
        watchdogSleeping = false;
    }

    /** A carrier left its park: wake the watchdog if it sleeps (see watchdogMaySleep). */
    void carrierWoke() {
        if (watchdogSleeping) {
            Thread t = watchdog;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Every active carrier is parked for lack of work: no fiber is mounted anywhere. */
    public boolean allParked() {
        return idle.parked() >= idle.active();
    }

    /** Work that waits for a carrier: a queued task, or a stalled or retired worker's runnext or timers. */
    public boolean anyWorkWaiting() {
        return anyQueuedWork();
    }

    /** Wakes one parked worker (Idle rule 2), for the watchdog. */
    public void wakeOne() {
        notifyOne();
    }

    /** The worker whose carrier is the current thread, if it belongs to this scheduler; else null. */
    public Worker currentWorker() {
        CarrierThread c = CarrierThread.current(); // safe inside fibers, see CarrierThread
        return c != null && c.worker().scheduler == this ? c.worker() : null;
    }

    /** Executor: same as {@link #submit}. */
    @Override
    public void execute(Runnable task) {
        submit(task);
    }

    /** See overview: Where a submitted task goes. */
    public void submit(Runnable task) {
        submitOn(currentWorker(), task);
    }

    /** submit when the caller already knows its worker ({@code null}: not on one of our carriers). */
    public void submitOn(Worker w, Runnable task) {
        if (w != null) {
            w.pushLocal(task);
        } else {
            injection.offer(task);
        }
        notifyOneOrNudge();
    }

    /** See overview: Where a submitted task goes. */
    public void submitWoken(Runnable task) {
        submitWokenOn(currentWorker(), task);
    }

    /**
     * submitWoken when the caller already knows the worker whose carrier it runs on ({@code null}:
     * not on one of this scheduler's carriers, so the injection queue).
     */
    public void submitWokenOn(Worker w, Runnable task) {
        if (w == null) {
            injection.offer(task);
            notifyOneOrNudge();
            return;
        }
        Runnable displaced = w.setRunnext(task);
        if (displaced != null) {
            w.pushLocal(displaced);
            notifyOne();
        }
    }

    /** Idle rule 2. */
    void notifyOne() {
        idle.notifyOne();
    }

    /** Idle rules 2 and 5 (a waiting searcher is nudged). */
    void notifyOneOrNudge() {
        idle.notifyOneOrNudge();
    }

    /**
     * Idle rule 5's window and wait for this scheduler (tests and experiments; the defaults come
     * from -Dspindle.searchWindowMicros and -Dspindle.searchWaitMicros). A window of 0 parks an idle
     * carrier at once.
     */
    public void tuneSearch(long windowNanos, long waitNanos) {
        idle.tuneSearch(windowNanos, waitNanos);
    }

    /** Idle rule 4b: is there anything in any queue that a parked worker should come for? */
    boolean anyQueuedWork() {
        if (!injection.isEmpty()) {
            return true;
        }
        for (Worker w : workers) {
            if (w.hasQueuedWork()) {
                return true;
            }
        }
        return false;
    }

    public int injectionQueueSize() {
        return injection.size();
    }

    public int searchingWorkers() {
        return idle.searching();
    }

    public int parkedWorkers() {
        return idle.parked();
    }

    /** net (issue 12): the network poller that carriers poll (carrier-polling mode), or null. */
    public NetPoll netPoll() {
        return netPoll;
    }

    /** net (issue 12): attaches (or, with null, detaches) the carrier-polled network poller. */
    public void netPoll(NetPoll p) {
        netPoll = p;
    }

    boolean isTerminating() {
        return terminating;
    }

    void reportTaskFailure(Runnable task, Throwable e) {
        try {
            failureReporter.accept(task, e);
        } catch (Throwable ignored) {
            // the reporter itself failed; the carrier must survive
        }
    }

    /** Shutdown steps 1-2 (see overview). */
    public void shutdown() {
        synchronized (threads) {
            terminating = true; // under the lock: no compensate() starts a carrier after this
        }
        idle.notifyAll(Arrays.asList(workers));
    }

    /** Shutdown step 4. Returns true if every carrier exited in time. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : carrierThreads()) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive();
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
