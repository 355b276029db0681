package io.spindle.runtime;

import io.spindle.runtime.internal.CarrierThread;
import io.spindle.runtime.internal.Scheduler;
import io.spindle.runtime.internal.TimerEntry;
import io.spindle.runtime.internal.Timeouts;
import io.spindle.runtime.internal.Worker;
import io.spindle.runtime.internal.context.CarrierSwitch;
import io.spindle.runtime.internal.context.LocalMap;
import io.spindle.runtime.internal.trace.Probe;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A lightweight task (Go's goroutine) that runs on a {@link Runtime}'s carrier threads and parks
 * by yielding its continuation instead of blocking a thread.
 *
 * <pre>{@code
 * Fiber<Integer> f = Fiber.spawn(() -> 6 * 7);   // on the current fiber's runtime, else Runtime.global()
 * int answer = f.join();                         // parks a fiber, blocks a thread
 * }</pre>
 *
 * <p>A fiber's uncaught exception goes to its runtime's {@link FiberExceptionHandler} and makes
 * {@link #join()} throw a {@link CompletionException} with that cause. Inside a fiber,
 * {@code Thread.currentThread()}, {@code ThreadLocal}s and {@code synchronized} belong to the carrier
 * thread: see docs/embedding.md for the rules.
 *
 * @param <T> the result type
 */
public final class Fiber<T> implements Strand, Future<T> {
    /*
     * Implementation overview
     *
     * State machine (like java.lang.VirtualThread). The state field is volatile; every transition
     * that can race uses compareAndSetState, the others (made only by the thread that owns the fiber
     * at that moment) use setState.
     *
     *   NEW           -> RUNNABLE        spawn (submit to the scheduler)
     *   RUNNABLE      -> RUNNING         a carrier mounts it (runOnCarrier)
     *   RUNNING       -> PARKING         park(): about to yield
     *   RUNNING       -> TIMED_PARKING   parkNanos()/sleep(): about to yield
     *   RUNNING       -> YIELDING        yieldNow(): about to yield
     *   RUNNING       -> TERMINATED      the body returned or threw
     *   PARKING       -> PARKED          after unmount (afterYield, on the carrier)
     *   TIMED_PARKING -> TIMED_PARKED    after unmount, its timer registered on the carrier's worker
     *   PARKING       -> PINNED          yield failed: the fiber blocks its carrier (parkPinned)
     *   TIMED_PARKING -> PINNED          same, with a timeout
     *   PINNED        -> RUNNING         permit, cancellation or timeout while blocking the carrier
     *   PARKED        -> RUNNABLE        unpark/cancel (CAS; the winner submits), or afterYield
     *                                    itself when the permit arrived while PARKING
     *   TIMED_PARKED  -> RUNNABLE        unpark/cancel/timer (CAS; the winner submits)
     *   YIELDING      -> RUNNABLE        after unmount: back of the local queue
     *
     * Park protocol (no lost wake-up). permit and state are both volatile:
     *   parker (carrier, after unmount): STORE state=PARKED;  LOAD permit  -> if set, CAS back to RUNNABLE
     *   unparker:                        STORE permit=1;      LOAD state   -> if PARKED, CAS to RUNNABLE
     * Sequential consistency of volatile accesses means at least one side sees the other's store.
     * Cancellation is the same protocol with `cancelled` in place of `permit`.
     *
     * Timed parks: the fiber allocates a FiberTimer before yielding; afterYield adds it to the heap
     * of the worker whose carrier ran the fiber (so every heap is touched by its own thread only). A
     * timer fires only if the fiber is still TIMED_PARKED on that very entry (fiber.timer == entry);
     * when the fiber resumes for any reason it cancels the entry, which the heap drops lazily.
     *
     * Sleeping: sleep is a timed park with `sleeping` set, which unpark ignores (the permit stays set
     * for the next park, as LockSupport's would); only the timer or cancellation ends it early.
     *
     * Pinned parks: when Continuation.yield fails (see FiberContinuation.onPinned), the fiber cannot
     * leave its carrier. It moves its worker's runnext to the local queue and wakes a parked worker
     * (Worker.beforeBlocking), records the carrier thread, and blocks it with LockSupport until the
     * permit, a cancellation or its timeout. The event is counted (stats: pinned).
     *
     * Joiners: a Treiber stack of Strands in `joiners`, swapped for DONE at termination; each is
     * unparked then. task (the result)/failure are written before the volatile store of TERMINATED and read
     * after a volatile load of it.
     *
     * Fields and who touches them:
     *   state, permit, cancelled, joiners - volatile, any thread (see above)
     *   task (body, then result), failure, timer, sleeping, budget, blocker, pinnedCarrier, locals - written by the
     *     thread currently running the fiber (its carrier), published to others by a later volatile
     *     store of state.
     */
    static final int NEW = 0;
    static final int RUNNABLE = 1;
    static final int RUNNING = 2;
    static final int PARKING = 3;
    static final int PARKED = 4;
    static final int TIMED_PARKING = 5;
    static final int TIMED_PARKED = 6;
    static final int YIELDING = 7;
    static final int PINNED = 8;
    static final int TERMINATED = 9;

    /** Tokio's coop budget: operations a fiber may do per scheduling before it must yield. */
    public static final int BUDGET = Integer.getInteger("spindle.budget", 128);

    private static final VarHandle STATE;
    private static final VarHandle PERMIT;
    private static final VarHandle JOINERS;
    private static final AtomicLong IDS = new AtomicLong();
    private static final Object DONE = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Fiber.class, "state", int.class);
            PERMIT = l.findVarHandle(Fiber.class, "permit", int.class);
            JOINERS = l.findVarHandle(Fiber.class, "joiners", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final Runtime runtime;
    private final FiberContinuation cont;
    private final boolean reportFailure;
    private String name;
    // the body (a Callable<T>, or a Runnable, then T is Void) until it starts; then the result.
    // One field for both keeps a parked fiber 8 bytes smaller.
    private Object task;
    private boolean started; // owner only: the continuation ran at least once
    private Throwable failure;

    @SuppressWarnings("unused") private volatile int state;   // see overview: State machine
    @SuppressWarnings("unused") private volatile int permit;  // 0 or 1; see overview: Park protocol
    private volatile boolean cancelled;                       // sticky; see overview
    @SuppressWarnings("unused") private volatile Object joiners; // null, Joiner stack, or DONE

    private FiberTimer timer;      // see overview: Timed parks
    private boolean sleeping;      // see overview: Sleeping
    private int budget;            // see Strand.cooperate
    private Object blocker;        // what the fiber is parked on, for dumps
    private Thread pinnedCarrier;  // the carrier a PINNED fiber blocks
    LocalMap locals;               // FiberLocal values and saved carrier context; null until used
                                   // (see FiberLocal, CarrierSwitch)
    Fiber<?> regPrev;              // FiberRegistry links, guarded by the registry stripe's monitor
    Fiber<?> regNext;              // (see FiberRegistry)

    Fiber(Runtime runtime, Object task, String name, boolean reportFailure) {
        this.id = IDS.incrementAndGet();
        this.runtime = runtime;
        this.task = task;
        this.name = name;
        this.reportFailure = reportFailure;
        this.cont = task instanceof Runnable r ? new FiberContinuation(this, r) : new FiberContinuation(this);
    }

    // ------------------------------------------------------------------ static API (Go's `go` etc.)

    /** Go's {@code go}: spawns on the current fiber's runtime, or on {@link Runtime#global()}. */
    public static <T> Fiber<T> spawn(Callable<T> body) {
        return currentRuntimeOrGlobal().spawn(body);
    }

    /** Go's {@code go} for a body without a result. */
    public static Fiber<Void> spawn(Runnable body) {
        return currentRuntimeOrGlobal().spawn(body);
    }

    private static Runtime currentRuntimeOrGlobal() {
        Fiber<?> f = current();
        return f != null ? f.runtime : Runtime.global();
    }

    /** The fiber running on the current thread, or null outside a fiber. */
    public static Fiber<?> current() {
        CarrierThread c = CarrierThread.current(); // never Thread.currentThread(): see CarrierThread
        return c != null ? (Fiber<?>) c.mounted : null;
    }

    /**
     * Moves the current fiber to the back of its carrier's local queue, letting others run. On a
     * plain thread, {@link Thread#yield()}.
     */
    public static void yieldNow() {
        Fiber<?> f = current();
        if (f == null) {
            Thread.yield();
            return;
        }
        f.checkCancelled();
        f.yieldIgnoringCancellation();
    }

    /** yieldNow without the cancellation point (FiberScope waits for cancelled children with it). */
    void yieldIgnoringCancellation() {
        budget = BUDGET;
        setState(YIELDING);
        if (!FiberContinuation.yieldToCarrier()) {
            setState(RUNNING); // pinned: cannot yield, carry on
            countPinned();
        }
    }

    /**
     * Parks the current fiber for {@code duration} (its carrier runs other fibers meanwhile). On a
     * plain thread, sleeps the thread; an interrupt ends that sleep early and leaves the interrupt
     * status set. A fiber's sleep ignores {@link #unpark()} (the permit is kept for the next park)
     * and ends early only by cancellation, with {@link FiberCancelledException}. A huge duration
     * ({@code Duration.ofSeconds(Long.MAX_VALUE)}) saturates: it sleeps "forever" (about 73 years)
     * instead of throwing {@link ArithmeticException}, as {@code java.util.concurrent} does.
     */
    public static void sleep(Duration duration) {
        long nanos = Timeouts.toNanos(duration);
        Fiber<?> f = current();
        if (f == null) {
            sleepThread(nanos);
            return;
        }
        f.sleepNanos(nanos);
    }

    private static void sleepThread(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long deadline = Timeouts.deadlineAfter(nanos);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Runs a blocking call (file I/O, JDBC, {@code Thread.sleep}) on the runtime's elastic blocking
     * pool while the current fiber parks, like Tokio's {@code spawn_blocking}, and returns its
     * result. An unchecked exception of the call is rethrown as it is; a checked one comes wrapped in
     * a {@link CompletionException}. On a plain thread the call runs right there. If the fiber is
     * cancelled while it waits, the call is interrupted and the fiber gets
     * {@link FiberCancelledException}.
     */
    public static <R> R blocking(Callable<R> call) {
        Objects.requireNonNull(call, "call");
        Fiber<?> f = current();
        if (f == null) {
            return BlockingPool.callDirectly(call);
        }
        return f.runtime.blockingPool().runParked(call);
    }

    /** See {@link Strand#cooperate()}. */
    static void cooperate() {
        Fiber<?> f = current();
        if (f != null) {
            f.cooperateSelf();
        }
    }

    @Override
    public void cooperateSelf() {
        if (--budget <= 0) {
            checkSelf();
            checkCancelled();
            yieldIgnoringCancellation();
        }
    }

    @Override
    public void parkSelf(Object blocker) {
        checkSelf();
        parkFiber(0, blocker);
    }

    @Override
    public void parkSelfNanos(Object blocker, long nanos) {
        checkSelf();
        if (nanos <= 0) {
            checkCancelled();
            return;
        }
        parkFiber(nanos, blocker);
    }

    @Override
    public void checkCancelledSelf() {
        checkCancelled();
    }

    /** Diagnostic mode: the *Self methods must run on this very fiber. */
    private void checkSelf() {
        if (runtime.diagnostics && current() != this) {
            throw new IllegalStateException("Strand." + "parkSelf/cooperateSelf called on " + this
                    + " from " + Strand.current() + ": these methods are only for the current strand;"
                    + " use Strand.park()/Strand.cooperate() or unpark() instead");
        }
    }

    // ------------------------------------------------------------------ instance API

    /** A unique id, increasing in spawn order across all runtimes. */
    public long id() {
        return id;
    }

    /** The fiber's name: the one given at spawn, or {@code fiber-<id>}. */
    @Override
    public String name() {
        String n = name;
        return n != null ? n : "fiber-" + id;
    }

    /** The runtime this fiber runs on. */
    public Runtime runtime() {
        return runtime;
    }

    /** True once the body returned or threw. */
    @Override
    public boolean isDone() {
        return lvState() == TERMINATED;
    }

    /** True once {@link #cancel()} was called. */
    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Waits for the fiber to end (parks a fiber, blocks a thread) and returns its result.
     * Uninterruptible, like {@link java.util.concurrent.CompletableFuture#join()}: a thread's
     * interrupt status is kept and set again on return.
     *
     * <p>After {@link #cancel()}, join still waits for the fiber to <em>end</em> (a parked fiber ends
     * at once, woken with {@link FiberCancelledException}; a fiber that has not started never runs its
     * body) and then reports what the fiber did: usually the cancellation escaped its body, and join
     * throws {@link CompletionException} whose cause is that {@link FiberCancelledException} (a
     * {@link java.util.concurrent.CancellationException}); a fiber that caught the cancellation and
     * returned normally gives its result. {@link #get()} instead follows {@link Future}: it throws
     * {@code CancellationException} as soon as the fiber is cancelled.
     *
     * @throws CompletionException with the fiber's exception as the cause, if it failed (also when it
     *         ended by a cancellation: the cause is then a {@link FiberCancelledException})
     * @throws FiberCancelledException if the <em>calling</em> fiber is cancelled while waiting
     */
    public T join() {
        if (lvState() != TERMINATED) {
            awaitTermination(0);
        }
        if (failure != null) {
            throw new CompletionException(failure);
        }
        return result();
    }

    /**
     * Asks the fiber to stop: if it is parked in a Spindle operation it is woken, and that operation
     * (and every later one) throws {@link FiberCancelledException} in the fiber. A fiber that has not
     * started yet never runs its body. Returns false if the fiber had already ended.
     */
    public boolean cancel() {
        if (lvState() == TERMINATED) {
            return false;
        }
        cancelled = true;
        int s = lvState();
        if (s == PARKED || s == TIMED_PARKED) {
            if (compareAndSetState(s, RUNNABLE)) {
                Probe.wake(runtime.scheduler(), this, "cancel");
                runtime.scheduler().submitWoken(cont);
            }
        } else if (s == PINNED) {
            LockSupport.unpark(pinnedCarrier);
        }
        return true;
    }

    /** {@link Future#cancel}: same as {@link #cancel()} (fibers are always "interruptible"). */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * {@link Future#get()}: waits for the fiber to end (uninterruptibly, like {@link #join()}) and
     * returns its result.
     *
     * @throws CancellationException if the fiber was {@linkplain #cancel() cancelled} (at once, without
     *         waiting for it to end, as {@link Future} specifies; the fiber's own exception, if any, is
     *         the cause)
     * @throws ExecutionException with the fiber's exception as the cause, if it failed
     */
    @Override
    public T get() throws ExecutionException {
        if (!cancelled) {
            awaitTermination(0);
        }
        return reportForFuture();
    }

    /**
     * {@link Future#get(long, TimeUnit)}; a huge timeout saturates (waits "forever"). Cancellation as
     * in {@link #get()}.
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        if (!cancelled && !awaitTermination(Math.max(1, Timeouts.cap(unit.toNanos(timeout))))) {
            throw new TimeoutException("fiber " + name() + " did not finish within " + timeout + " " + unit);
        }
        return reportForFuture();
    }

    private T reportForFuture() throws ExecutionException {
        if (cancelled) {
            CancellationException c = new CancellationException("fiber " + name() + " was cancelled");
            Throwable f = lvState() == TERMINATED ? failure : null; // failure is published by the state
            if (f != null) {
                c.initCause(f);
            }
            throw c;
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return result();
    }

    /** Makes the permit available and wakes the fiber if parked. See {@link Strand}. */
    @Override
    public void unpark() {
        // Always the atomic getAndSet, never a "permit already set" read first: the caller's last
        // write (e.g. a channel marking this fiber's waiter done, often a release store) must be
        // visible before the permit is, because a fiber that is just returning from an earlier,
        // spurious wake-up clears the permit and then rechecks that very write. A plain volatile
        // read here could pass the caller's store (StoreLoad), see the old permit, return, and lose
        // the wake-up: found by channels' MigrationStressTest (all fibers parked, producer's send
        // completed but never woken).
        if ((int) PERMIT.getAndSet(this, 1) == 0) {
            int s = lvState(); // StoreLoad with afterYield's "STORE state; LOAD permit"
            if (s == PARKED || (s == TIMED_PARKED && !sleeping)) {
                if (compareAndSetState(s, RUNNABLE)) {
                    Probe.wake(runtime.scheduler(), this, "unpark");
                    runtime.scheduler().submitWoken(cont);
                }
            } else if (s == PINNED) {
                LockSupport.unpark(pinnedCarrier);
            }
        }
    }

    @Override
    public boolean isFiber() {
        return true;
    }

    /** The object this fiber is parked on (as passed to {@link Strand#park(Object)}), or null. */
    public Object blocker() {
        return blocker;
    }

    /** A readable state name: NEW, RUNNABLE, RUNNING, PARKED, TIMED_PARKED, PINNED, TERMINATED, ... */
    public String stateName() {
        return switch (lvState()) {
            case NEW -> "NEW";
            case RUNNABLE -> "RUNNABLE";
            case RUNNING -> "RUNNING";
            case PARKING -> "PARKING";
            case PARKED -> "PARKED";
            case TIMED_PARKING -> "TIMED_PARKING";
            case TIMED_PARKED -> sleeping ? "SLEEPING" : "TIMED_PARKED";
            case YIELDING -> "YIELDING";
            case PINNED -> "PINNED";
            case TERMINATED -> "TERMINATED";
            default -> throw new AssertionError("unknown fiber state " + lvState());
        };
    }

    /** The stack of a parked (unmounted) fiber; empty while it runs or before it starts. */
    public StackTraceElement[] stackTrace() {
        int s = lvState();
        if (s == PARKED || s == TIMED_PARKED || s == RUNNABLE) {
            try {
                return cont.getStackTrace();
            } catch (RuntimeException raceWithResume) {
                return new StackTraceElement[0];
            }
        }
        return new StackTraceElement[0];
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id * 0x9E3779B97F4A7C15L); // no identity hash: cheaper in the registry
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public String toString() {
        return "Fiber[" + name() + ", " + stateName() + "]";
    }

    // ------------------------------------------------------------------ state helpers

    private int lvState() {
        return (int) STATE.getVolatile(this);
    }

    private void setState(int s) {
        STATE.setVolatile(this, s);
    }

    /** The one CAS on the state; see overview: State machine. */
    boolean compareAndSetState(int expect, int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    int stateCode() {
        return lvState();
    }

    private boolean tryConsumePermit() {
        return (int) PERMIT.getVolatile(this) == 1 && PERMIT.compareAndSet(this, 1, 0);
    }

    // ------------------------------------------------------------------ scheduling (see overview)

    /**
     * Called once by the runtime: NEW -> RUNNABLE and into the scheduler, on {@code spawner}'s local
     * queue (the worker the spawning thread runs on, already looked up by the caller) or, when null,
     * the injection queue.
     */
    void start(Scheduler scheduler, Worker spawner) {
        if (!compareAndSetState(NEW, RUNNABLE)) {
            throw new IllegalStateException("fiber " + name() + " already started");
        }
        scheduler.submitOn(spawner, cont);
    }

    /** The scheduler's task for this fiber: mount, run until the next yield, then afterYield. */
    void runOnCarrier() {
        CarrierThread carrier = (CarrierThread) Thread.currentThread();
        if (!compareAndSetState(RUNNABLE, RUNNING)) {
            throw new AssertionError("fiber " + name() + " scheduled in state " + stateName());
        }
        if (!started) {
            started = true;
            if (task instanceof Runnable) {
                task = null; // the continuation holds it as its target
            }
            if (cancelled) {
                failure = new FiberCancelledException("fiber " + name() + " was cancelled before it started");
                terminate(carrier.worker);
                return;
            }
        }
        carrier.mounted = this;
        budget = BUDGET;
        CarrierSwitch.mount(carrier, locals);
        Probe.sliceStart(carrier.worker, this);
        try {
            cont.run();
        } catch (Throwable t) {
            failure = t; // a Runnable body's exception escapes the continuation (FiberContinuation)
        } finally {
            carrier.mounted = null;
        }
        boolean done = cont.isDone();
        // before afterYield publishes the new state: no other carrier may mount us while we save
        LocalMap m = CarrierSwitch.unmount(carrier, locals, done);
        locals = done ? null : m; // an ended fiber's values die now, even if its handle is kept
        Probe.sliceEnd(carrier.worker, this, done);
        if (done) {
            terminate(carrier.worker);
        } else {
            afterYield(carrier.worker);
        }
    }

    /** Runs inside the continuation (FiberContinuation's entry point). */
    void runBody() {
        @SuppressWarnings("unchecked")
        Callable<T> c = (Callable<T>) task;
        task = null;
        try {
            task = c.call(); // from here on, `task` holds the result
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** On the carrier, after the continuation unmounted. See overview: Park protocol. */
    private void afterYield(Worker worker) {
        int s = lvState();
        switch (s) {
            case PARKING -> {
                setState(PARKED);
                if (((int) PERMIT.getVolatile(this) == 1 || cancelled) && compareAndSetState(PARKED, RUNNABLE)) {
                    worker.scheduler().submit(cont);
                }
            }
            case TIMED_PARKING -> {
                worker.addTimer(timer);
                setState(TIMED_PARKED);
                boolean wake = cancelled || (!sleeping && (int) PERMIT.getVolatile(this) == 1);
                if (wake && compareAndSetState(TIMED_PARKED, RUNNABLE)) {
                    worker.scheduler().submit(cont);
                }
            }
            case YIELDING -> {
                setState(RUNNABLE);
                worker.scheduler().submit(cont);
            }
            default -> throw new AssertionError("fiber " + name() + " unmounted in state " + stateName());
        }
    }

    private void terminate(Worker worker) {
        // like a thread's uncaught-exception handler, the report comes before join returns
        if (failure != null && reportFailure && !(cancelled && failure instanceof FiberCancelledException)) {
            runtime.reportUncaught(this, failure);
        }
        setState(TERMINATED);
        worker.counters.completed++;
        runtime.fiberEnded(this);
        Object j = JOINERS.getAndSet(this, DONE);
        while (j instanceof Joiner n) {
            n.strand.unpark();
            j = n.next;
        }
    }

    @SuppressWarnings("unchecked")
    private T result() {
        return (T) task; // after TERMINATED: the result (see the field)
    }

    void checkCancelled() {
        if (cancelled) {
            throw new FiberCancelledException("fiber " + name() + " was cancelled");
        }
    }

    /**
     * Strand.park for fibers. {@code nanos == 0}: untimed. See overview: Park protocol.
     * Called only by the fiber itself.
     */
    void parkFiber(long nanos, Object blocker) {
        checkCancelled();
        if (tryConsumePermit()) {
            return;
        }
        yieldToPark(nanos, blocker);
        PERMIT.setVolatile(this, 0); // whatever woke us, the permit is consumed (as VirtualThread does)
        checkCancelled();
    }

    private void sleepNanos(long nanos) {
        if (nanos <= 0) {
            checkCancelled();
            return;
        }
        long deadline = Timeouts.deadlineAfter(nanos);
        sleeping = true;
        try {
            while (true) {
                checkCancelled();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                yieldToPark(left, this);
            }
        } finally {
            sleeping = false;
        }
    }

    /**
     * Unmounts until woken (or blocks the carrier if pinned). Leaves the permit alone. The untimed
     * and timed paths are separate methods so that the frame frozen with every parked fiber holds
     * as few live values as possible (an untimed park keeps only {@code this} across the yield).
     */
    private void yieldToPark(long nanos, Object blocker) {
        if (runtime.diagnostics) {
            MonitorCheck.checkNoMonitorHeld(this);
        }
        Object jfrPark = Probe.parkBegin(); // null unless JFR records io.spindle.FiberPark
        this.blocker = blocker;
        if (nanos > 0) {
            yieldTimed(Timeouts.deadlineAfter(nanos)); // Long.MAX_VALUE nanos: capped, never overflows
        } else {
            yieldUntimed();
        }
        // resumed: state is RUNNING
        Probe.parkEnd(jfrPark, this, blocker, nanos);
        this.blocker = null;
    }

    private void yieldUntimed() {
        setState(PARKING);
        if (!FiberContinuation.yieldToCarrier()) {
            parkPinned(false, 0);
        }
    }

    private void yieldTimed(long deadline) {
        FiberTimer t = new FiberTimer(deadline, this);
        timer = t;
        setState(TIMED_PARKING);
        if (!FiberContinuation.yieldToCarrier()) {
            parkPinned(true, deadline);
        }
        t.cancel();
        timer = null;
    }

    /** See overview: Pinned parks. */
    private void parkPinned(boolean timed, long deadline) {
        CarrierThread carrier = CarrierThread.current();
        countPinned();
        carrier.worker.beforeBlocking();
        pinnedCarrier = carrier;
        if (!compareAndSetState(timed ? TIMED_PARKING : PARKING, PINNED)) {
            throw new AssertionError("pinned fiber " + name() + " in state " + stateName());
        }
        try {
            while (!cancelled && (sleeping || (int) PERMIT.getVolatile(this) == 0)) {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
                Thread.interrupted(); // a carrier's interrupt status means nothing to the fiber
            }
        } finally {
            pinnedCarrier = null;
            setState(RUNNING);
        }
    }

    private void countPinned() {
        CarrierThread c = CarrierThread.current();
        if (c != null) {
            c.worker.counters.pinned++;
        }
        Probe.pinned(this, cont.lastPinnedReason);
    }

    /**
     * Waits for termination; nanos == 0 waits forever. Returns false on timeout. See {@link #join()}
     * for interrupts and cancellation.
     */
    private boolean awaitTermination(long nanos) {
        return awaitTermination(nanos, true);
    }

    /**
     * The deadlock detector's own wait in {@link Runtime#run}: like a timed join, but the waiting
     * thread does not count as a plain thread inside a Spindle operation (it is the observer).
     */
    boolean awaitTerminationUncounted(long nanos) {
        return awaitTermination(nanos, false);
    }

    private boolean awaitTermination(long nanos, boolean counted) {
        if (lvState() == TERMINATED) {
            return true;
        }
        Strand me = Strand.current();
        if (me == this) {
            throw new IllegalStateException("fiber " + name() + " cannot join itself: it would wait forever");
        }
        Joiner node = new Joiner(me);
        while (true) {
            Object head = (Object) JOINERS.getVolatile(this);
            if (head == DONE) {
                return true;
            }
            node.next = (Joiner) head;
            if (JOINERS.compareAndSet(this, head, node)) {
                break;
            }
        }
        long deadline = nanos > 0 ? Timeouts.deadlineAfter(nanos) : 0;
        boolean interrupted = false;
        try {
            while (lvState() != TERMINATED) {
                if (nanos > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    if (counted || me.isFiber()) {
                        me.parkSelfNanos(this, left);
                    } else {
                        LockSupport.parkNanos(this, left);
                    }
                } else {
                    me.parkSelf(this);
                }
                if (!me.isFiber() && Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A waiter in the joiners stack. */
    private static final class Joiner {
        final Strand strand;
        Joiner next;

        Joiner(Strand strand) {
            this.strand = strand;
        }
    }

    /** A timed park's timer. See overview: Timed parks. */
    private static final class FiberTimer extends TimerEntry {
        private final Fiber<?> fiber;

        FiberTimer(long deadline, Fiber<?> fiber) {
            super(deadline);
            this.fiber = fiber;
        }

        @Override
        protected void fire(Worker worker) {
            Fiber<?> f = fiber;
            if (f.lvState() == TIMED_PARKED && f.timer == this && f.compareAndSetState(TIMED_PARKED, RUNNABLE)) {
                Probe.wake(worker.scheduler(), f, "timer");
                worker.scheduler().submit(f.cont);
            }
        }
    }
}
