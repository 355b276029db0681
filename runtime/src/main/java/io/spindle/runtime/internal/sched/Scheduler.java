package io.spindle.runtime.internal.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/*
 * Implementation overview: the work-stealing scheduler (see also Worker and Idle).
 *
 * Tasks are plain Runnables: a fiber's task is its core (internal.fiber.FiberCore, a FiberTask
 * whose runOnCarrier mounts it), and a virtual thread driven by Spindle
 * (Runtime.virtualThreadBuilder) submits its own continuation runner. The scheduler knows nothing
 * about fibers or continuations beyond the FiberTask interface.
 *
 * Queues, and why each JCTools / hand-written type:
 *  - Local run queue per worker: LocalQueue (runnext + the RunQueue ring), RunQueue hand-written (JCTools has no work-stealing deque; an
 *    SpmcArrayQueue has no batch steal and no way to take half in one CAS). 256 slots, steal-half.
 *  - runnext per worker: one volatile slot in LocalQueue, set and taken by its owner (atomic exchange),
 *    taken by a thief only by CAS after a grace (Go's runqgrab; see LocalQueue).
 *  - Injection queue: JCTools MpmcUnboundedXaddArrayQueue. Many producers (threads outside the
 *    runtime, overflow from every worker) and many consumers (every worker); it must never reject
 *    (a wake-up cannot be dropped), so unbounded; producers claim slots with one XADD instead of a
 *    CAS loop, which holds up under contention better than MpmcArrayQueue. Chunk size 1024.
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
 * Shutdown steps: (1) terminating = true; (2) wake every parked worker; (3) each worker runs what it
 * can still find and exits when it finds nothing; (4) awaitTermination joins the carriers.
 * Tasks left in queues after that (fibers parked forever are never in a queue) are dropped.
 */
public final class Scheduler implements Executor {
    /** JCTools chunk size for the injection queue. Override: -Dspindle.injectionChunk. */
    static final int INJECTION_CHUNK = Integer.getInteger("spindle.injectionChunk", 1024);

    final Worker[] workers;
    final MpmcUnboundedXaddArrayQueue<Runnable> injection = new MpmcUnboundedXaddArrayQueue<>(INJECTION_CHUNK);
    final Idle idle;
    private final String name;
    private final Object owner;
    private final BiConsumer<Runnable, Throwable> failureReporter;
    private volatile boolean terminating; // written once by shutdown(); read by workers in their loops
    private final List<CarrierThread> threads = new ArrayList<>();

    /** {@code owner}: the object this scheduler runs for (the Runtime), handed back by {@link #owner()}. */
    public Scheduler(Object owner, String name, int carriers, int queueCapacity, boolean daemon,
                     BiConsumer<Runnable, Throwable> failureReporter) {
        if (carriers < 1) {
            throw new IllegalArgumentException("carriers must be >= 1, got " + carriers);
        }
        this.owner = owner;
        this.name = name;
        this.failureReporter = failureReporter;
        this.idle = new Idle(carriers);
        this.workers = new Worker[carriers];
        for (int i = 0; i < carriers; i++) {
            workers[i] = new Worker(this, i, queueCapacity);
        }
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        for (Worker w : workers) {
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

    public int carriers() {
        return workers.length;
    }

    public List<Worker> workers() {
        return List.of(workers);
    }

    public List<Thread> carrierThreads() {
        return List.copyOf(threads);
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
        return workers.length - idle.unparked();
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
        terminating = true;
        idle.notifyAll(Arrays.asList(workers));
    }

    /** Shutdown step 4. Returns true if every carrier exited in time. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (CarrierThread t : threads) {
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
