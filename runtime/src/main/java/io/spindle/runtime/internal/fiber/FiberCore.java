package io.spindle.runtime.internal.fiber;

import static io.spindle.runtime.internal.fiber.FiberStates.NEW;
import static io.spindle.runtime.internal.fiber.FiberStates.PARKED;
import static io.spindle.runtime.internal.fiber.FiberStates.PARKING;
import static io.spindle.runtime.internal.fiber.FiberStates.PINNED;
import static io.spindle.runtime.internal.fiber.FiberStates.RUNNABLE;
import static io.spindle.runtime.internal.fiber.FiberStates.RUNNING;
import static io.spindle.runtime.internal.fiber.FiberStates.TERMINATED;
import static io.spindle.runtime.internal.fiber.FiberStates.TIMED_PARKED;
import static io.spindle.runtime.internal.fiber.FiberStates.TIMED_PARKING;
import static io.spindle.runtime.internal.fiber.FiberStates.YIELDING;

import io.spindle.runtime.internal.context.CarrierSwitch;
import io.spindle.runtime.internal.context.LocalMap;
import io.spindle.runtime.internal.sched.CarrierThread;
import io.spindle.runtime.internal.sched.FiberTask;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.Probe;
import io.spindle.runtime.internal.trace.TraceSubject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The fiber core: the continuation a fiber runs on, which also holds the fiber's scheduling state
 * (state, permit, cancellation, blocker; the cold rest in a lazily allocated {@code FiberCold}) and
 * is the fiber's entry in the run queues (see {@link FiberTask}). The public handle
 * ({@code io.spindle.runtime.Fiber}) and this object are the two objects every fiber costs (plus its
 * stack chunk while parked); the one concrete subclass lives beside the handle and supplies
 * what the core must not know about (the API's exception types, the result hand-over to joiners).
 */
public abstract class FiberCore extends Continuation implements FiberTask, TraceSubject {
    /*
     * Implementation overview
     *
     * State machine (like java.lang.VirtualThread; the table, with owner and queue per state, is
     * FiberStates). The state field is volatile; every transition that can race uses casState, the
     * others (made only by the thread that owns the fiber at that moment) use setState. Every write
     * is checked against the table by an assertion.
     *
     *   NEW           -> RUNNABLE        start (submit to the scheduler)
     *   RUNNABLE      -> RUNNING         a carrier mounts it (runOnCarrier)
     *   RUNNING       -> PARKING         park: about to yield
     *   RUNNING       -> TIMED_PARKING   timed park / sleep: about to yield
     *   RUNNING       -> YIELDING        yieldNow / budget spent: about to yield
     *   RUNNING       -> TERMINATED      the body returned or threw
     *   PARKING       -> PARKED          after unmount (afterYield, on the carrier)
     *   TIMED_PARKING -> TIMED_PARKED    after unmount, its timer registered on the carrier's worker
     *   PARKING       -> PINNED          yield failed: the fiber blocks its carrier (parkPinned)
     *   TIMED_PARKING -> PINNED          same, with a timeout
     *   YIELDING      -> RUNNING         yield failed (pinned): carry on
     *   PINNED        -> RUNNING         permit (also set by resumeBy), cancellation or timeout
     *                                    while blocking the carrier
     *   PARKED        -> RUNNABLE        unpark/resumeBy/cancel (CAS; the winner submits), or
     *                                    afterYield itself when the permit (a permit park) or a
     *                                    cancellation arrived while PARKING
     *   TIMED_PARKED  -> RUNNABLE        unpark/resumeBy/cancel/timer (CAS; the winner submits)
     *   YIELDING      -> RUNNABLE        after unmount: back of the local queue
     *
     * Transitions and actions (Tokio's task/state.rs). The transitions that can race with another
     * thread (transitionToNotified for unpark, transitionToCancelled, transitionOnTimer,
     * transitionAfterYield) only change the state and return a WakeAction; perform(action) is the
     * one method that carries a wake-up out (probe, then submit, or unpark a pinned carrier).
     *
     * Park protocol (no lost wake-up). permit and state are both volatile:
     *   parker (carrier, after unmount): STORE state=PARKED;  LOAD permit  -> if set, CAS back to RUNNABLE
     *   unparker:                        STORE permit=1;      LOAD state   -> if PARKED, CAS to RUNNABLE
     * Sequential consistency of volatile accesses means at least one side sees the other's store.
     * Cancellation is the same protocol with `cancelled` in place of `permit`. unpark always does the
     * atomic getAndSet of the permit, never a "permit already set" read first: the caller's last
     * write (e.g. a channel marking this fiber's waiter done, often a release store) must be visible
     * before the permit is, because a fiber returning from an earlier, spurious wake-up clears the
     * permit and then rechecks that very write. A plain read could pass the caller's store
     * (StoreLoad), see the old permit, return, and lose the wake-up (found by channels'
     * MigrationStressTest).
     *
     * Park with unlock (Go's gopark(unlockf); parkUnlocking, used by ParkLoop.awaitUnlocking).
     * The fiber calls parkUnlocking holding the lock of the primitive whose queue holds its node
     * (the API's ParkLock). It hands the lock to its carrier (CarrierThread.holdParkLock: a field
     * of the carrier, as Go keeps waitunlockf on the M, so a parked fiber does not pay for it),
     * moves to PARKING / TIMED_PARKING and yields; on the carrier, runOnCarrier takes the lock back
     * and afterYield stores PARKED / TIMED_PARKED (volatile), and only then releases it
     * (releaseParkLock: the lock's release store). A completer takes the lock, so it acquires
     * everything written before that release: if it finds the node queued, the fiber's state is PARKED/TIMED_PARKED or a later
     * state made by someone else; it completes the node, unlocks, and resumeBy does
     *   completer (after its unlock):    LOAD state -> if PARKED/TIMED_PARKED, CAS to RUNNABLE
     * and nothing else: no permit exchange (unpark's getAndSet), no permit reset after the resume
     * (permitConsumed), no recheck of the permit in afterYield, and the PARKING store needs no
     * StoreLoad fence either (setStateRelease: nobody pairs a load with it; the completer cannot
     * see it, and cancel's Dekker pair is the PARKED store below). States resumeBy may meet:
     *   PARKED / TIMED_PARKED  the CAS wins (submit to the waker's runnext) or a timer / cancel /
     *                          unpark won it first: the fiber runs and rechecks its node anyway.
     *   RUNNABLE / RUNNING     something else resumed it already (timer, cancel, a spurious
     *                          unpark): ParkLoop rechecks isDone before re-locking and parking
     *                          again, so nothing is lost. A stale resumeBy (its node was done and
     *                          the fiber went on to another park) is at most a spurious wake-up of
     *                          that park: every park loop rechecks its condition.
     *   PINNED                 the yield failed: parkPinned published PINNED (CAS) before it
     *                          released the lock itself, so the completer sees PINNED; it sets the
     *                          permit (volatile store, after its complete and unlock) and unparks
     *                          the carrier; the pinned loop waits for that permit (LockSupport's
     *                          own permit covers an unpark that comes before its park) and resets it
     *                          after (a third party's permit consumed there is a spurious wake-up,
     *                          as with LockSupport).
     *   PARKING                impossible while the node is queued: PARKING is published only
     *                          while the fiber still holds the lock.
     * Cancellation keeps the permit protocol's Dekker pair, with `cancelled` for the permit:
     *   carrier:  STORE state=PARKED (volatile); release the lock; LOAD cancelled (volatile)
     *   canceller: STORE cancelled=1 (volatile);               LOAD state (volatile)
     * The unlock sits between the store and the load. That is safe in either order: the release
     * store neither orders nor delays the later volatile load, and the store of PARKED and the load
     * of cancelled are both volatile, hence sequentially consistent with the canceller's pair
     * whatever happens in between; the lock's release only has to follow the store of PARKED
     * (program order of a volatile store before a release store, which a release keeps). It is
     * released first so that the completer, spinning on it, goes on a few instructions earlier.
     * The carrier's field is cleared (takeParkLock) before PARKED is stored: once PARKED is
     * visible the fiber may be resumed (cancel, unpark), mounted on this very carrier again and
     * park with another lock.
     * A third party's unpark of a fiber in an unlocking park wakes it (permit protocol: the
     * state CAS); it rechecks, re-locks and parks again, and its permit stays set for a later
     * permit park (Strand's semantics). resumeBy must only be used by completers of unlocking
     * parks: it does not set the permit, so a permit park in PARKING would miss it.
     * Locked instructions and fences per unbuffered ping-pong round trip (two hand-offs; each
     * hand-off: the waiter's lock CAS to enqueue, its PARKING and PARKED stores, the sender's lock
     * CAS, the wake, the waiter's RUNNABLE -> RUNNING CAS; the scheduler's runnext not counted):
     *   permit protocol (before): 4 lock CAS + 2 xchg (unpark's permit getAndSet) + 4 state CAS
     *                             + 6 fences (PARKING, PARKED, permit reset) = 16
     *   park with unlock (now):   4 lock CAS + 0 xchg + 4 state CAS + 2 fences (PARKED) = 10
     * (x86: a volatile store is a mov plus a locked add; a release store and a volatile load are
     * plain movs; the lock's release store is a plain mov.)
     *
     * Timed parks: the fiber allocates a FiberTimer before yielding; afterYield adds it to the heap
     * of the worker whose carrier ran the fiber (so every heap is touched by its own thread only). A
     * timer fires only if the fiber is still TIMED_PARKED on that very entry (timer == entry); when
     * the fiber resumes for any reason it cancels the entry, which the heap drops lazily.
     *
     * Sleeping: sleep is a timed park with `sleeping` set, which unpark ignores (the permit stays set
     * for the next park, as LockSupport's would); only the timer or cancellation ends it early.
     *
     * Pinned parks: when Continuation.yield fails (see onPinned), the fiber cannot leave its carrier.
     * It moves its worker's runnext to the local queue and wakes a parked worker
     * (Worker.beforeBlocking), records the carrier thread, and blocks it with LockSupport until the
     * permit, a cancellation or its timeout. The event is counted (stats: pinned).
     *
     * Shallow park path. Every frame between the user's call and Continuation.yield is frozen into
     * the stack chunk of every parked fiber (an interpreted frame costs ~90 bytes there, a C1 frame
     * ~48, a C2 frame 16-80 unless inlined), so the untimed park, the one channels and sync use,
     * yields from parkFiber itself: Strand.park -> parkFiber -> Continuation.yield (was four
     * runtime frames: parkFiber -> yieldToPark -> yieldUntimed -> yieldToCarrier). What runs before
     * and after the yield (beforePark, afterPark, parkPinned) is in helpers that are not on the
     * stack while the fiber is parked. A timed park is one helper deeper (yieldTimed).
     *
     * Bodies: a Runnable body is the continuation's target itself, and its exception escapes
     * Continuation.run() to the carrier, which records it (two frames fewer on every parked stack:
     * about 10% of a parked fiber's memory). A Callable body runs through one shared ENTRY Runnable
     * that looks up the current continuation and stores the result, so no fiber costs an extra
     * lambda or runner object. onPinned is overridden: the JDK's default throws and would kill the
     * fiber; here a failed yield only records the reason and the fiber blocks its carrier instead.
     *
     * Cold fields. Every parked fiber costs its core, its handle and its stack chunk, so the core
     * keeps only what the park/wake/run paths touch; the rest lives in a side object, FiberCold,
     * allocated at most once per fiber by whoever needs it first (a CAS on `cold`, because the owner
     * and a joining strand may race): the name given at spawn (allocated then), the failure, a
     * timed park's timer, the last pinned reason, the FiberLocal map, and the joiner stack. A fiber
     * that never needed one gets the shared, read-only FiberCold.ENDED at termination, so that its
     * joiner stack reads as closed without an allocation. The cooperative budget lives on the
     * carrier (CarrierThread.budget: reset at every mount, like Tokio's per-thread budget). Result,
     * with compressed references and 12-byte headers: the core was 88 bytes (was 104), the handle 24
     * (was 32); FiberContinuation's waiter cache slot (Strand.takeCachedNode, issue 10 item 4) then
     * made the core 96 (the JVM rounds objects to 8 bytes), which it earns back on every wait (no
     * 48-byte Waiter per park). One 4-byte field more fits in the padding; two make it 104: measure
     * with the bench's ParkedHistogram before adding.
     * The price: a fiber joined (or given a termination hook: toCompletableFuture, the executor
     * service view) while it is alive allocates the 40-byte side object, so it costs 16 bytes more
     * than before (24 + 88 + 40 against 32 + 104), and so does a fiber named at spawn; an unnamed
     * fiber that nobody joins while it runs saves 24.
     *
     * Why two objects (handle and core) and not one. Folding the public Fiber into this
     * continuation would save the handle (24 bytes) minus the fields it would bring (id: 8), but
     * Fiber would then extend jdk.internal.vm.Continuation: (1) a user's javac needs the supertype
     * to resolve any member of Fiber, and java.base does not export jdk.internal.vm, so every user
     * would need --add-exports at compile time (javac: "cannot access Continuation"); (2)
     * Continuation's public methods (run, yield, isDone, getStackTrace, isPreempted...) would be
     * Fiber's API: any thread could resume a parked fiber with run(), and Fiber.isDone (terminated)
     * would override Continuation.isDone (which runOnCarrier relies on); (3) this class's public
     * methods (the scheduler's and the channels' entry points) would leak too. So the handle stays
     * a separate 24-byte object holding only its id and this core.
     *
     * Fields and who touches them:
     *   state, permit, cancelled - volatile, any thread (see above)
     *   task (body, then result), started, sleeping, blocker, carrier - written by the thread
     *     currently running the fiber (its carrier), published to others by a later volatile store
     *     of state (task: of TERMINATED).
     *   cold - installed once by CAS (any thread), read with getAcquire; see Cold fields and
     *     FiberCold's own table for its fields.
     *   carrier - set at every mount and never cleared (a stale value after unmount is harmless:
     *     carriers live as long as the runtime). Read by the fiber itself (unparkBy: the waker's
     *     worker without a current-thread lookup) and by an unparker that saw PINNED (the store
     *     precedes the volatile store of PINNED).
     *   regPrev/regNext - FiberRegistry's links, guarded by the registry stripe's monitor.
     *   locals (in the side object) - the FiberLocal values and the carrier context saved while
     *     unmounted (null until used; internal.context's CarrierSwitch runs at every mount and
     *     unmount, see runOnCarrier). Owner only, like task: the fiber's code while mounted, its
     *     carrier around the mount; published to the next carrier by the state transition that
     *     hands the fiber over. Dropped at termination, so an ended fiber's values are garbage even
     *     if its handle is kept.
     */

    /** The scope of every fiber's continuation. */
    public static final ContinuationScope SCOPE = new ContinuationScope("spindle");

    /** Tokio's coop budget: operations a fiber may do per scheduling before it must yield. Override: -Dspindle.budget. */
    public static final int BUDGET = Integer.getInteger("spindle.budget", 128);

    private static final VarHandle STATE;
    private static final VarHandle PERMIT;
    private static final VarHandle COLD;
    private static final Runnable ENTRY = () -> currentContinuation().runBody();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(FiberCore.class, "state", int.class);
            PERMIT = l.findVarHandle(FiberCore.class, "permit", int.class);
            COLD = l.findVarHandle(FiberCore.class, "cold", FiberCold.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    // the body (a Callable, or a Runnable) until it starts; then the result. One field for both
    // keeps a parked fiber 8 bytes smaller.
    private Object task;
    private boolean started; // owner only: the continuation ran at least once (fits in Continuation's padding)
    private final boolean reportFailure; // pass an uncaught failure to the handler (false: run()'s main)

    @SuppressWarnings("unused") private volatile int state;   // see overview: State machine
    @SuppressWarnings("unused") private volatile int permit;  // 0 or 1; see overview: Park protocol
    private volatile boolean cancelled;                       // sticky; see overview

    private boolean sleeping;      // see overview: Sleeping
    private Object blocker;        // what the fiber is parked on, for dumps
    private CarrierThread carrier; // the carrier of the latest mount (see overview: Fields)
    @SuppressWarnings("unused") private FiberCold cold; // null until needed: see overview: Cold fields
    FiberCore regPrev;             // FiberRegistry links, guarded by the registry stripe's monitor
    FiberCore regNext;             // (see FiberRegistry)

    /** {@code body}: a Callable, or a Runnable (which is then the continuation's target). */
    protected FiberCore(Scheduler scheduler, Object body, boolean reportFailure) {
        this(scheduler, body, reportFailure, null);
    }

    /**
     * {@code body}: a Callable, or a Runnable (which is then the continuation's target);
     * {@code name}: the name given at spawn, or null (kept in the side object: see overview).
     */
    protected FiberCore(Scheduler scheduler, Object body, boolean reportFailure, String name) {
        super(SCOPE, body instanceof Runnable r ? r : ENTRY);
        this.scheduler = scheduler;
        this.task = body;
        this.reportFailure = reportFailure;
        if (name != null) {
            this.cold = new FiberCold(name); // before publication: the spawn's queue hand-over publishes it
        }
    }

    /** Whether an uncaught failure goes to the runtime's exception handler (kept here: it fits in padding). */
    public final boolean reportsFailure() {
        return reportFailure;
    }

    // ------------------------------------------------------------------ what the subclass supplies

    /** True when the runtime runs in diagnostic mode (checked on every park). */
    protected abstract boolean diagnostics();

    /** The exception a cancelled fiber throws at a park point (the API's FiberCancelledException). */
    protected abstract RuntimeException cancelledException(String message);

    /**
     * Diagnostic mode, before every park: throws (the API's SynchronizedParkException) if the
     * carrier holds a synchronized monitor. Implemented beside the API with internal.diag's
     * MonitorCheck, so that this package does not depend on diag (which depends on it).
     */
    protected abstract void checkNoMonitorHeld();

    /** On the carrier, before the state becomes TERMINATED: report an uncaught failure. */
    protected abstract void beforeTermination();

    /** On the carrier, after the state became TERMINATED: registry removal, joiners. */
    protected abstract void afterTermination();

    /** The public handle of this fiber (the object users hold, and the blocker of a join). */
    public abstract Object handle();

    /**
     * Releases {@code lock}, a lock passed to {@link #parkUnlocking} (the API's ParkLock, which
     * this package must not know). Called by the carrier after the unmount, or by the fiber itself
     * (refused, cancelled or pinned park). Must not throw.
     */
    protected abstract void releaseParkLock(Object lock);

    // ------------------------------------------------------------------ lookups

    /** The core of the fiber running on the current carrier, or null (safe in fibers: see CarrierThread). */
    public static FiberCore current() {
        CarrierThread c = CarrierThread.current();
        return c != null ? (FiberCore) c.mounted() : null;
    }

    public final Scheduler scheduler() {
        return scheduler;
    }

    // ------------------------------------------------------------------ state helpers

    private int lvState() {
        return (int) STATE.getVolatile(this);
    }

    private void setState(int s) {
        assert FiberStates.allowed(lvState(), s) : FiberStates.name(lvState()) + " -> " + FiberStates.name(s);
        STATE.setVolatile(this, s);
    }

    /**
     * A release store of the state, without the StoreLoad fence of setState: only where no reader
     * must see it before a later load of this thread (see overview: Park with unlock).
     */
    private void setStateRelease(int s) {
        assert FiberStates.allowed(lvState(), s) : FiberStates.name(lvState()) + " -> " + FiberStates.name(s);
        STATE.setRelease(this, s);
    }

    /** The one CAS on the state; see overview: State machine. */
    private boolean casState(int expect, int update) {
        assert FiberStates.allowed(expect, update) : FiberStates.name(expect) + " -> " + FiberStates.name(update);
        return STATE.compareAndSet(this, expect, update);
    }

    /** The internal state (FiberStates), a volatile read. */
    public final int stateCode() {
        return lvState();
    }

    /** A readable state name: the internal state's, with SLEEPING for a sleeping TIMED_PARKED fiber. */
    public final String stateName() {
        int s = lvState();
        return s == TIMED_PARKED && sleeping ? "SLEEPING" : FiberStates.name(s);
    }

    /** True while the fiber sleeps (racy outside the fiber: a hint for dumps). */
    public final boolean isSleeping() {
        return sleeping;
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    public final boolean isTerminated() {
        return lvState() == TERMINATED;
    }

    @Override
    public final Object blocker() {
        return blocker;
    }

    /** After TERMINATED (read after a volatile load of it): the failure, or null. */
    public final Throwable failure() {
        FiberCold c = coldOrNull();
        return c != null ? c.failure : null;
    }

    /** The name given at spawn, or null. */
    public final String givenName() {
        FiberCold c = coldOrNull();
        return c != null ? c.name : null;
    }

    /** After TERMINATED without failure: the result (null for a Runnable body). */
    public final Object result() {
        return task;
    }

    @Override
    public final int sliceEndReason() {
        return switch (lvState()) {
            case PARKING -> Probe.END_PARK;
            case TIMED_PARKING -> Probe.END_TIMED_PARK;
            default -> Probe.END_YIELD;
        };
    }

    /** The fiber's FiberLocal map, or null (owner only: the fiber itself, or its spawner before start). */
    public final LocalMap locals() {
        FiberCold c = coldOrNull();
        return c != null ? c.locals : null;
    }

    /** Sets the fiber's FiberLocal map (the fiber itself, or its spawner before start: inheritance). */
    public final void locals(LocalMap m) {
        FiberCold c = coldOrNull();
        if (c != null) {
            assert c != FiberCold.ENDED || m == null : "locals set on a terminated fiber";
            if (c != FiberCold.ENDED) {
                c.locals = m;
            }
        } else if (m != null) {
            cold().locals = m;
        }
    }

    // ------------------------------------------------------------------ the side object (see overview: Cold fields)

    /** The side object, or null. Acquire: pairs with the CAS that installed it (any thread). */
    private FiberCold coldOrNull() {
        return (FiberCold) COLD.getAcquire(this);
    }

    /**
     * The side object, installed if absent. Any thread: the owner (failure, timer, locals, pinned
     * reason) and a joining strand (joiners) may race to install it, so it is a CAS (volatile
     * semantics: the winner's constructor writes are visible to every later getAcquire). The owner
     * never writes into {@link FiberCold#ENDED}: that is installed only after TERMINATED.
     */
    private FiberCold cold() {
        FiberCold c = coldOrNull();
        if (c == null) {
            FiberCold n = new FiberCold(null);
            c = (FiberCold) COLD.compareAndExchange(this, null, n);
            if (c == null) {
                c = n;
            }
        }
        return c;
    }

    /** The joiner stack (io.spindle.runtime.FiberJoin's): null, its head, or {@link #joinersClosed()}. Volatile read. */
    public final Object joiners() {
        FiberCold c = coldOrNull();
        return c != null ? FiberCold.JOINERS.getVolatile(c) : null;
    }

    /** Pushes onto the joiner stack: CAS from {@code head} (what {@link #joiners()} returned) to {@code node}. Any thread. */
    public final boolean casJoiners(Object head, Object node) {
        assert head != FiberCold.JOINERS_CLOSED;
        return FiberCold.JOINERS.compareAndSet(cold(), head, node);
    }

    /**
     * The terminating carrier, after TERMINATED: closes the joiner stack (getAndSet: pairs with the
     * CAS of a push) and returns what it held. A fiber without a side object gets the shared
     * {@link FiberCold#ENDED} (its stack reads as closed), so nothing is allocated per fiber.
     */
    public final Object closeJoiners() {
        FiberCold c = coldOrNull();
        if (c == null) {
            c = (FiberCold) COLD.compareAndExchange(this, null, FiberCold.ENDED);
            if (c == null) {
                return null; // ENDED installed: nobody had joined
            }
        }
        return FiberCold.JOINERS.getAndSet(c, FiberCold.JOINERS_CLOSED);
    }

    /** The joiner stack's value once the fiber has terminated. */
    public static Object joinersClosed() {
        return FiberCold.JOINERS_CLOSED;
    }

    private void failure(Throwable t) {
        cold().failure = t; // before the volatile store of TERMINATED, which publishes it
    }

    private boolean tryConsumePermit() {
        return (int) PERMIT.getVolatile(this) == 1 && PERMIT.compareAndSet(this, 1, 0);
    }

    // ------------------------------------------------------------------ racing transitions (see overview)

    /**
     * unpark: makes the permit available; if the fiber is parked, moves it to RUNNABLE. Tokio's
     * transition_to_notified. Any thread.
     */
    public final WakeAction transitionToNotified() {
        if ((int) PERMIT.getAndSet(this, 1) != 0) {
            return WakeAction.NOTHING;
        }
        int s = lvState(); // StoreLoad with afterYield's "STORE state; LOAD permit"
        if (s == PARKED || (s == TIMED_PARKED && !sleeping)) {
            return casState(s, RUNNABLE) ? WakeAction.SUBMIT_WOKEN : WakeAction.NOTHING;
        }
        return s == PINNED ? WakeAction.UNPARK_CARRIER : WakeAction.NOTHING;
    }

    /**
     * resumeBy: the caller completed, under the lock this fiber parked with (parkUnlocking), the
     * node it waits on. If the fiber is parked, moves it to RUNNABLE (one CAS, the permit is left
     * alone); if it is RUNNABLE or RUNNING, something else (a timer, a cancellation, a spurious
     * wake-up) resumed it already and it rechecks its node before parking again: nothing to do.
     * PINNED: the permit is set (the pinned loop waits on it) and the carrier unparked. Any thread.
     * See overview: Park with unlock.
     */
    public final WakeAction transitionToResumed() {
        int s = lvState();
        if (s == PARKED || (s == TIMED_PARKED && !sleeping)) {
            return casState(s, RUNNABLE) ? WakeAction.SUBMIT_WOKEN : WakeAction.NOTHING;
        }
        if (s == PINNED) {
            PERMIT.setVolatile(this, 1); // read by parkPinned's loop after its LockSupport.park returns
            return WakeAction.UNPARK_CARRIER;
        }
        return WakeAction.NOTHING;
    }

    /** cancel: sets the sticky flag; if the fiber is parked (sleeping too), moves it to RUNNABLE. Any thread. */
    public final WakeAction transitionToCancelled() {
        cancelled = true;
        int s = lvState(); // StoreLoad with afterYield's "STORE state; LOAD cancelled"
        if (s == PARKED || s == TIMED_PARKED) {
            return casState(s, RUNNABLE) ? WakeAction.SUBMIT_WOKEN : WakeAction.NOTHING;
        }
        return s == PINNED ? WakeAction.UNPARK_CARRIER : WakeAction.NOTHING;
    }

    /** A timer fired: wakes the fiber only if it is still TIMED_PARKED on that very entry. On the timer's worker. */
    final WakeAction transitionOnTimer(FiberTimer entry) {
        if (lvState() == TIMED_PARKED && timerOf(coldOrNull()) == entry && casState(TIMED_PARKED, RUNNABLE)) {
            return WakeAction.SUBMIT;
        }
        return WakeAction.NOTHING;
    }

    /**
     * On the carrier, after the continuation unmounted: PARKING -> PARKED (TIMED_PARKING ->
     * TIMED_PARKED after registering the timer on {@code worker}), then the recheck of the permit
     * and cancellation; YIELDING -> RUNNABLE. See overview: Park protocol. {@code parkLock}: the
     * lock of a park with unlock, taken from the carrier, released here after PARKED is stored
     * (then only cancellation is rechecked; see overview: Park with unlock), else null.
     */
    final WakeAction transitionAfterYield(Worker worker, Object parkLock) {
        int s = lvState();
        switch (s) {
            case PARKING -> {
                if (parkLock != null) { // see overview: Park with unlock
                    setState(PARKED);
                    releaseParkLock(parkLock); // release store after the volatile store of PARKED
                    return cancelled && casState(PARKED, RUNNABLE) ? WakeAction.SUBMIT : WakeAction.NOTHING;
                }
                setState(PARKED);
                if (((int) PERMIT.getVolatile(this) == 1 || cancelled) && casState(PARKED, RUNNABLE)) {
                    return WakeAction.SUBMIT;
                }
                return WakeAction.NOTHING;
            }
            case TIMED_PARKING -> {
                registerTimer(worker, cold().timer);
                if (parkLock != null) { // as PARKING above
                    setState(TIMED_PARKED);
                    releaseParkLock(parkLock);
                    return cancelled && casState(TIMED_PARKED, RUNNABLE) ? WakeAction.SUBMIT : WakeAction.NOTHING;
                }
                setState(TIMED_PARKED);
                boolean wake = cancelled || (!sleeping && (int) PERMIT.getVolatile(this) == 1);
                return wake && casState(TIMED_PARKED, RUNNABLE) ? WakeAction.SUBMIT : WakeAction.NOTHING;
            }
            case YIELDING -> {
                setState(RUNNABLE);
                return WakeAction.SUBMIT;
            }
            default -> throw new AssertionError("fiber " + name() + " unmounted in state " + stateName());
        }
    }

    /** afterYield: puts a timed park's timer on the heap of the worker that unmounted the fiber. */
    void registerTimer(Worker worker, FiberTimer t) { // not final: the model-checking test records it instead
        worker.addTimer(t);
    }

    /**
     * Carries out what a transition returned: the one place of "probe, then submit". {@code worker}
     * is the worker the caller runs on when it is known (timers, afterYield), else null: then a
     * SUBMIT_WOKEN looks the current carrier up once, for both the probe and the submit.
     * {@code cause} names the wake-up for traces and JFR; null for the fiber's own carrier
     * resubmitting it (afterYield: not a wake-up by anybody).
     */
    public final void perform(WakeAction action, String cause, Worker worker) {
        switch (action) {
            case NOTHING -> { }
            case SUBMIT_WOKEN -> {
                if (worker != null) {
                    submitWoken(worker, worker.mountedTask(), cause);
                } else {
                    CarrierThread c = CarrierThread.current(); // the one lookup of the waker's carrier
                    submitWoken(c != null ? c.worker() : null, c != null ? c.mounted() : null, cause);
                }
            }
            case SUBMIT -> {
                if (cause != null && Probe.wakeTraced()) {
                    Probe.wake(scheduler, worker != null ? worker.index() : -1, this, null, cause);
                }
                scheduler.submitOn(worker, this);
            }
            case UNPARK_CARRIER -> LockSupport.unpark(carrier);
        }
    }

    /**
     * The wake-up's probe and submit: {@code wakerWorker} is the worker whose carrier the waker runs
     * on (any runtime's, or null on another thread), {@code waker} the fiber core mounted there.
     */
    private void submitWoken(Worker wakerWorker, Object waker, String cause) {
        Worker w = wakerWorker != null && wakerWorker.scheduler() == scheduler ? wakerWorker : null;
        if (Probe.wakeTraced()) { // the test first: no arguments computed on the untraced path
            Probe.wake(scheduler, w != null ? w.index() : -1, this, (TraceSubject) waker, cause);
        }
        scheduler.submitWokenOn(w, this);
    }

    /** Makes the permit available and wakes the fiber if it is parked. Any thread. */
    public final void unpark() {
        WakeAction a = transitionToNotified();
        if (a != WakeAction.NOTHING) {
            // net (issue 12): the poller thread's wakes say "netpoll" (a thread-identity check, off the fast path)
            perform(a, Thread.currentThread() instanceof WakeCause c ? c.wakeCause() : "unpark", null);
        }
    }

    /**
     * {@link #unpark()} by a caller that already holds its own fiber core ({@code waker}, which must
     * be the fiber running this code; null on a plain thread): the waker's worker is read from
     * {@code waker.carrier} instead of looked up, so a channel operation needs one current-carrier
     * lookup (its Strand.current()) instead of two.
     */
    public final void unparkBy(FiberCore waker) {
        performBy(transitionToNotified(), waker, "unpark");
    }

    /**
     * Strand.resumeBy: wakes this fiber, which waits in parkUnlocking on a node that the caller
     * completed under the lock it parked with (see overview: Park with unlock). {@code waker} as
     * in {@link #unparkBy}. Any other use is a spurious wake-up at worst: a permit park must be
     * woken with unpark.
     */
    public final void resumeBy(FiberCore waker) {
        performBy(transitionToResumed(), waker, "resume");
    }

    /**
     * perform for a wake-up by {@code waker} (the fiber running this code, or null on any other
     * thread): a fiber waker's worker is read from its {@code carrier} field (no current-carrier
     * lookup); otherwise perform looks the current carrier up once (null on a plain thread: the
     * injection queue).
     */
    private void performBy(WakeAction a, FiberCore waker, String cause) {
        if (a == WakeAction.SUBMIT_WOKEN && waker != null) {
            submitWoken(waker.carrier.worker(), waker, cause);
        } else if (a != WakeAction.NOTHING) {
            perform(a, cause, null);
        }
    }

    /** Asks the fiber to stop (see Fiber.cancel). Returns false if it had already ended. */
    public final boolean cancel() {
        if (lvState() == TERMINATED) {
            return false;
        }
        WakeAction a = transitionToCancelled();
        if (a != WakeAction.NOTHING) {
            perform(a, "cancel", null);
        }
        return true;
    }

    // ------------------------------------------------------------------ the carrier's side

    /**
     * Called once: NEW -> RUNNABLE and into the scheduler, on {@code spawner}'s local queue (the
     * worker the spawning thread runs on, already looked up by the caller) or, when null, the
     * injection queue.
     */
    public final void start(Worker spawner) {
        transitionToStarted();
        scheduler.submitOn(spawner, this);
    }

    // ---- the owner's transitions (no race possible: made by whoever owns the fiber, see FiberStates) ----

    /** NEW -> RUNNABLE. */
    final void transitionToStarted() {
        if (!casState(NEW, RUNNABLE)) {
            throw new IllegalStateException("fiber " + name() + " already started");
        }
    }

    /**
     * RUNNABLE -> RUNNING: a carrier mounts the fiber. False (nothing to run) only for a duplicate
     * queue entry, which exists only after a rescue (see Worker's overview: Orphans and rescue).
     */
    final boolean transitionToRunning() {
        if (!casState(RUNNABLE, RUNNING)) {
            if (scheduler.duplicatesPossible()) {
                return false; // a duplicate queue entry left by a rescue: the fiber runs (or ran) elsewhere
            }
            throw new AssertionError("fiber " + name() + " scheduled in state " + stateName());
        }
        return true;
    }

    /** RUNNING -> PARKING, just before the yield of an untimed park. */
    final void transitionToParking() {
        setState(PARKING);
    }

    /** RUNNING -> PARKING for a park with unlock: a release store (no Dekker pair reads it, see overview). */
    final void transitionToParkingUnlocking() {
        setStateRelease(PARKING);
    }

    /** RUNNING -> TIMED_PARKING with a new timer, just before the yield of a timed park. */
    final FiberTimer transitionToTimedParking(long deadline) {
        FiberTimer t = new FiberTimer(deadline, this);
        cold().timer = t; // before the volatile store below, which publishes it to the timer's worker
        setState(TIMED_PARKING);
        return t;
    }

    /** RUNNING -> TIMED_PARKING for a park with unlock: a release store, as transitionToParkingUnlocking. */
    final FiberTimer transitionToTimedParkingUnlocking(long deadline) {
        FiberTimer t = new FiberTimer(deadline, this);
        cold().timer = t; // before the release store below, which publishes it (see transitionToTimedParking)
        setStateRelease(TIMED_PARKING);
        return t;
    }

    /** RUNNING -> YIELDING, just before the yield of yieldNow. */
    final void transitionToYielding() {
        setState(YIELDING);
    }

    /** After a timed park resumed (for any reason): its timer can no longer fire for this park. */
    final void timedParkEnded(FiberTimer t) {
        t.cancel();
        cold().timer = null;
    }

    private static FiberTimer timerOf(FiberCold c) {
        return c != null ? c.timer : null;
    }

    /** After any park resumed: whatever woke the fiber, the permit is consumed (as VirtualThread does). */
    final void permitConsumed() {
        PERMIT.setVolatile(this, 0);
    }

    /** The scheduler's task for this fiber: mount, run until the next yield, then afterYield. */
    @Override
    public final void runOnCarrier() {
        CarrierThread carrier = (CarrierThread) Thread.currentThread();
        Worker worker = carrier.worker();
        if (!transitionToRunning()) {
            return; // a duplicate queue entry left by a rescue (see Worker's overview: Orphans and rescue)
        }
        if (!started && !firstSlice(worker)) {
            return; // cancelled before it started: terminated
        }
        carrier.mount(this);
        if (this.carrier != carrier) {
            if (this.carrier != null) {
                worker.countMigration(); // a carrier change (stats: migrations)
            }
            this.carrier = carrier;
        }
        carrier.resetBudget(BUDGET); // see overview: Cold fields (the budget lives on the carrier)
        CarrierSwitch.mount(carrier, locals()); // ScopedValue bindings, registered carrier context
        boolean traced = Probe.tracing(); // hoisted: one test per slice (a slice is traced whole or not at all)
        if (traced) {
            Probe.sliceStart(scheduler, worker.index(), this);
        }
        try {
            run();
        } catch (Throwable t) {
            failure(t); // a Runnable body's exception escapes the continuation (see overview: Bodies)
        } finally {
            carrier.unmount();
        }
        if (isDone()) {
            lastSliceEnded(worker, carrier);
            return;
        }
        // before the transition below publishes the new state: no other carrier can mount us meanwhile
        LocalMap cur = locals(); // read again: the slice may have set it (FiberLocal's first value)
        LocalMap m = CarrierSwitch.unmount(carrier, cur, false);
        if (m != cur) {
            locals(m); // only when it changed: a fiber without locals gets no side object
        }
        if (traced) {
            Probe.sliceEnd(scheduler, worker.index(), this, false);
        }
        WakeAction a = transitionAfterYield(worker, carrier.takeParkLock());
        if (a != WakeAction.NOTHING) {
            perform(a, null, worker);
        }
    }

    /*
     * runOnCarrier's cold parts (the first and the last slice) are methods of their own, kept out
     * of its compiled code: runOnCarrier is inlined into Worker.runTask, and the smaller runTask's
     * compiled code is, the more likely C2 inlines it into the run loop's own compilation (it
     * refuses one "already compiled into a big method", over -XX:InlineSmallCode). Measured
     * (pingpong, 1 carrier, this 2-core machine): a run loop that inlines runTask is 25-30 ns per
     * round trip faster than one that calls it.
     */

    /** The first slice, before the mount: false if the fiber was cancelled before it started (then it is terminated). */
    private boolean firstSlice(Worker worker) {
        started = true;
        if (task instanceof Runnable) {
            task = null; // the continuation holds it as its target
        }
        if (cancelled) {
            failure(cancelledException("fiber " + name() + " was cancelled before it started"));
            terminate(worker);
            return false;
        }
        return true;
    }

    /** After the last slice (the body returned or threw), on the carrier it ran on. */
    private void lastSliceEnded(Worker worker, CarrierThread carrier) {
        LocalMap cur = locals();
        CarrierSwitch.unmount(carrier, cur, true);
        if (cur != null) {
            locals(null);
        }
        Probe.sliceEnd(scheduler, worker.index(), this, true); // also the JFR end event
        terminate(worker);
    }

    /** Runs inside the continuation (ENTRY): a Callable body, its result kept in {@code task}. */
    private void runBody() {
        Callable<?> c = (Callable<?>) task;
        task = null;
        try {
            task = c.call(); // from here on, `task` holds the result
        } catch (Throwable t) {
            failure(t);
        }
    }

    private void terminate(Worker worker) {
        beforeTermination(); // like a thread's uncaught-exception handler, the report comes before join returns
        setState(TERMINATED);
        worker.countCompleted();
        afterTermination();
    }

    private static FiberCore currentContinuation() {
        return (FiberCore) Continuation.getCurrentContinuation(SCOPE);
    }

    // ------------------------------------------------------------------ the fiber's own side

    public final void checkCancelled() {
        if (cancelled) {
            throw cancelledException("fiber " + name() + " was cancelled");
        }
    }

    /** Counts one operation against the budget; true when it is spent (the caller then yields). */
    public final boolean spendBudget() {
        CarrierThread c = carrier; // the current fiber's carrier: see overview: Cold fields
        return c != null && c.spendBudget(); // null: a misuse on a fiber that never ran (Fiber.cooperateSelf)
    }

    /** Strand.cooperate for this fiber (the current one). */
    public final void cooperate() {
        if (carrier.spendBudget()) {
            checkCancelled();
            yieldIgnoringCancellation();
        }
    }

    /** yieldNow without the cancellation point (FiberScope waits for cancelled children with it). */
    public final void yieldIgnoringCancellation() {
        carrier.resetBudget(BUDGET);
        transitionToYielding();
        if (!Continuation.yield(SCOPE)) { // false: pinned, the fiber stays mounted
            setState(RUNNING); // pinned: cannot yield, carry on
            countPinned();
        }
    }

    /**
     * Strand.park for fibers. {@code nanos == 0}: untimed. See overview: Park protocol.
     * Called only by the fiber itself.
     */
    public final void parkFiber(long nanos, Object blocker) {
        checkCancelled();
        if (tryConsumePermit()) {
            return;
        }
        if (nanos > 0) {
            yieldTimed(nanos, blocker);
        } else {
            // the untimed park yields from this very frame: see overview: Shallow park path
            Object jfrPark = beforePark(blocker);
            transitionToParking();
            if (!Continuation.yield(SCOPE)) { // false: pinned, the fiber cannot leave its carrier
                parkPinned(false, 0);
            }
            afterPark(jfrPark, blocker, 0); // resumed: state is RUNNING
        }
        permitConsumed();
        checkCancelled();
    }

    /**
     * ParkLoop.awaitUnlocking for fibers: called by the fiber itself with {@code lock} (the API's
     * ParkLock) held, after registering the node it waits on under it; returns (or throws) with
     * the lock released. The carrier releases it after the unmount, once the state is PARKED or
     * TIMED_PARKED (see overview: Park with unlock); a cancelled fiber, a refused park (diagnostic
     * mode) and a pinned park release it here. {@code timed}: {@code deadline} is a nanoTime
     * value. The permit is neither consumed nor checked. Returns after any wake-up: the caller
     * rechecks its node. Throws the cancellation exception if the fiber is cancelled (before or
     * during the park).
     */
    public final void parkUnlocking(Object lock, boolean timed, long deadline, Object blocker) {
        if (cancelled || diagnostics()) {
            refuseOrCancel(lock);
        }
        Object jfrPark = Probe.parkBegin(); // null unless JFR records io.spindle.FiberPark
        this.blocker = blocker;
        carrier.holdParkLock(lock); // the current carrier (set at this mount); taken by runOnCarrier after the yield
        if (timed) {
            yieldTimedUnlocking(deadline);
        } else {
            // the untimed park yields from this very frame: see overview: Shallow park path
            transitionToParkingUnlocking();
            if (!Continuation.yield(SCOPE)) { // false: pinned
                parkPinned(false, 0);
            }
        }
        // resumed: state is RUNNING, the lock was released (afterYield or parkPinned)
        if (jfrPark != null) { // timeout field: the time left at the resume (the park's own is not kept live across the yield)
            Probe.parkEnd(jfrPark, this, blocker, timed ? Math.max(1, deadline - System.nanoTime()) : 0);
        }
        this.blocker = null;
        checkCancelled();
    }

    /**
     * parkUnlocking's slow entry: cancelled, or diagnostic mode's refusal. Releases the lock, then
     * throws. (Diagnostic mode's stack inspection runs under the primitive's lock here; primitives
     * already refused the park before registering, with ParkLoop.parkRefusal: this is the second
     * line, as in the permit park.)
     */
    private void refuseOrCancel(Object lock) {
        try {
            checkCancelled();
            checkNoMonitorHeld();
        } catch (RuntimeException | Error e) {
            releaseParkLock(lock);
            throw e;
        }
    }

    /** Fiber.sleep: a timed park that only the timer or cancellation ends. The fiber itself. */
    public final void sleepNanos(long nanos) {
        if (nanos <= 0) {
            checkCancelled();
            return;
        }
        long deadline = Timeouts.deadlineAfter(nanos); // a huge sleep saturates (~73 years)
        sleeping = true;
        try {
            while (true) {
                checkCancelled();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                yieldTimed(left, handle());
            }
        } finally {
            sleeping = false;
        }
    }

    /** Before a park's yield: the diagnostic monitor check, the JFR event's start (or null), the blocker. */
    private Object beforePark(Object blocker) {
        if (diagnostics()) {
            checkNoMonitorHeld();
        }
        Object jfrPark = Probe.parkBegin(); // null unless JFR records io.spindle.FiberPark
        this.blocker = blocker;
        return jfrPark;
    }

    /** After a park resumed (state RUNNING): the JFR event's end, the blocker cleared. */
    private void afterPark(Object jfrPark, Object blocker, long nanos) {
        Probe.parkEnd(jfrPark, this, blocker, nanos);
        this.blocker = null;
    }

    /**
     * A timed park (parkFiber with a timeout, sleepNanos): unmounts until woken, the timer or
     * cancellation (or blocks the carrier if pinned). Leaves the permit alone. One frame deeper
     * than the untimed park, which yields from parkFiber itself.
     */
    private void yieldTimed(long nanos, Object blocker) {
        Object jfrPark = beforePark(blocker);
        long deadline = Timeouts.deadlineAfter(nanos); // Long.MAX_VALUE nanos: capped, never overflows
        FiberTimer t = transitionToTimedParking(deadline);
        if (!Continuation.yield(SCOPE)) { // false: pinned
            parkPinned(true, deadline);
        }
        timedParkEnded(t);
        afterPark(jfrPark, blocker, nanos); // resumed: state is RUNNING
    }

    /** parkUnlocking's timed yield: one frame deeper than its untimed yield, as in yieldTimed. */
    private void yieldTimedUnlocking(long deadline) {
        FiberTimer t = transitionToTimedParkingUnlocking(deadline);
        if (!Continuation.yield(SCOPE)) { // false: pinned
            parkPinned(true, deadline);
        }
        timedParkEnded(t);
    }

    /** See overview: Pinned parks. */
    private void parkPinned(boolean timed, long deadline) {
        CarrierThread carrier = CarrierThread.current();
        Object l = carrier.takeParkLock(); // a park with unlock: the yield failed, so we release it
        if (l == null) {
            countPinned();
            carrier.worker().beforeBlocking();
        }
        if (!casState(timed ? TIMED_PARKING : PARKING, PINNED)) {
            throw new AssertionError("pinned fiber " + name() + " in state " + stateName());
        }
        if (l != null) {
            // Park with unlock, pinned: the lock is released after the volatile store of PINNED, so
            // a completer that takes it sees PINNED and sets the permit before unparking this
            // carrier (transitionToResumed); the loop below waits for that permit. Then the count,
            // the probe and the wake-up of other carriers, outside the primitive's lock.
            releaseParkLock(l);
            countPinned();
            carrier.worker().beforeBlocking();
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
            setState(RUNNING);
            if (l != null) {
                permitConsumed(); // the permit was resumeBy's signal (or a third party's: a spurious wake-up)
            }
        }
    }

    private void countPinned() {
        CarrierThread c = CarrierThread.current();
        if (c != null) {
            c.worker().countPinned();
            Probe.pinned(c.worker().scheduler(), c.worker().index(), this, lastPinnedReason());
        } else {
            Probe.pinned(null, -1, this, lastPinnedReason());
        }
    }

    @Override
    protected final void onPinned(Pinned reason) {
        cold().lastPinnedReason = reason;
    }

    private Pinned lastPinnedReason() {
        FiberCold c = coldOrNull();
        return c != null ? c.lastPinnedReason : null;
    }

    /** The stack of an unmounted fiber (parked or runnable); empty while it runs or before it starts. */
    public final StackTraceElement[] stackTrace() {
        int s = lvState();
        if (s == PARKED || s == TIMED_PARKED || s == RUNNABLE) {
            try {
                return getStackTrace();
            } catch (RuntimeException raceWithResume) {
                return new StackTraceElement[0];
            }
        }
        return new StackTraceElement[0];
    }
}
