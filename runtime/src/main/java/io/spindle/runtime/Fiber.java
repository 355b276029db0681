package io.spindle.runtime;

import io.spindle.runtime.internal.fiber.BlockingPool;
import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.fiber.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>A fiber has {@link Future}'s methods ({@code get}, {@code cancel(boolean)}, {@code isDone},
 * {@code isCancelled}) but does not implement {@code Future}: since JDK 19 {@code Future.state()}
 * returns {@code Future.State}, which would clash with {@link #state()} (a fiber's scheduling state,
 * {@link State}). Where a {@code Future} is needed, wrap the fiber (e.g. a CompletableFuture
 * completed by a joining fiber).
 *
 * @param <T> the result type
 */
public final class Fiber<T> implements Strand {
    /*
     * Implementation overview
     *
     * The public handle of a fiber (like java.lang.Thread for a virtual thread). The mechanism lives
     * in its core, a FiberContinuation (io.spindle.runtime.internal.fiber.FiberCore): the state
     * machine, the permit, cancellation, timers and the park protocol. The handle keeps only its id
     * (the name and the joiners live in the core's lazily allocated side object, FiberCold). Every
     * fiber is these two objects: 24 + 96 bytes with compressed references (was 32 + 104; 88 before the
     * waiter cache slot of FiberContinuation; see
     * FiberCore's overview: Cold fields, and ParkedHistogram in the bench for the measurement).
     * Why the handle is not the continuation itself: see FiberCore's overview: Why two objects.
     *
     * Joiners: a Treiber stack of Strands in the core's side object (FiberJoin), swapped for a
     * closed mark at termination; each is unparked then. A node may carry a termination hook instead of a strand
     * (toCompletableFuture, the executorService view): it runs then, on the terminating carrier, or
     * at once when pushed after DONE. Nothing is allocated per fiber unless someone joins or asks
     * for a hook. The core's result/failure are written before the volatile
     * store of TERMINATED and read after a volatile load of it.
     *
     * Fields and who touches them:
     *   id, core - final
     */

    /** Tokio's coop budget: operations a fiber may do per scheduling before it must yield. Override: -Dspindle.budget. */
    public static final int BUDGET = FiberCore.BUDGET;

    private static final AtomicLong IDS = new AtomicLong();

    /**
     * A fiber's state, as seen from outside, mapped from the core's internal states like the JDK's
     * {@code VirtualThread.threadState()}:
     * <ul>
     *   <li>{@link #NEW}: spawned, not yet submitted (only for a moment inside {@code spawn});</li>
     *   <li>{@link #RUNNABLE}: in a run queue, waiting for a carrier; also a fiber that yielded
     *       ({@link #yieldNow()}, budget spent) and is still unmounting (internal YIELDING);</li>
     *   <li>{@link #RUNNING}: mounted on a carrier; also a fiber that is parking but has not yet left
     *       its carrier (internal PARKING, TIMED_PARKING);</li>
     *   <li>{@link #PARKED}: unmounted, waiting for an unpark, a timer or cancellation (internal PARKED,
     *       TIMED_PARKED, and a sleeping fiber);</li>
     *   <li>{@link #PINNED}: parked but unable to unmount, so blocking its carrier thread;</li>
     *   <li>{@link #TERMINATED}: the body returned or threw.</li>
     * </ul>
     * {@link #stateName()} gives the finer internal name for dumps.
     */
    public enum State { NEW, RUNNABLE, RUNNING, PARKED, PINNED, TERMINATED }

    private final long id;
    private final FiberContinuation core;

    Fiber(Runtime runtime, Object task, String name, boolean reportFailure) {
        this.id = IDS.incrementAndGet();
        this.core = new FiberContinuation(this, runtime, task, reportFailure, name);
    }

    /** The core (package-private: Runtime and Strand reach the mechanism through it). */
    FiberContinuation core() {
        return core;
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
        FiberContinuation c = FiberContinuation.mounted();
        return c != null ? c.runtime() : Runtime.global();
    }

    /** The fiber running on the current thread, or null outside a fiber. */
    public static Fiber<?> current() {
        FiberContinuation c = FiberContinuation.mounted(); // never Thread.currentThread(): see CarrierThread
        return c != null ? c.fiber : null;
    }

    /**
     * Moves the current fiber to the back of its carrier's local queue, letting others run. On a
     * plain thread, {@link Thread#yield()}.
     */
    public static void yieldNow() {
        FiberContinuation c = FiberContinuation.mounted();
        if (c == null) {
            Thread.yield();
            return;
        }
        c.checkCancelled();
        c.yieldIgnoringCancellation();
    }

    /** yieldNow without the cancellation point (FiberScope waits for cancelled children with it). */
    void yieldIgnoringCancellation() {
        core.yieldIgnoringCancellation();
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
        FiberContinuation c = FiberContinuation.mounted();
        if (c == null) {
            sleepThread(nanos);
            return;
        }
        c.sleepNanos(nanos);
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
        FiberContinuation c = FiberContinuation.mounted();
        if (c == null) {
            return BlockingPool.callDirectly(call);
        }
        return c.runtime().blockingPool().runParked(c, call);
    }

    /** See {@link Strand#cooperate()}. */
    static void cooperate() {
        FiberContinuation c = FiberContinuation.mounted();
        if (c != null) {
            c.cooperate();
        }
    }

    @Override
    public void cooperateSelf() {
        if (core.spendBudget()) {
            checkSelf();
            core.checkCancelled();
            core.yieldIgnoringCancellation();
        }
    }

    @Override
    public void parkSelf(Object blocker) {
        checkSelf();
        core.parkFiber(0, blocker);
    }

    @Override
    public void parkSelfNanos(Object blocker, long nanos) {
        checkSelf();
        if (nanos <= 0) {
            core.checkCancelled();
            return;
        }
        core.parkFiber(nanos, blocker);
    }

    @Override
    public void checkCancelledSelf() {
        core.checkCancelled();
    }

    @Override
    public <N extends WaitNode> N takeCachedNode(Class<N> type) {
        WaitNode n = core.cachedNode;
        if (n == null || n.getClass() != type) {
            return null;
        }
        core.cachedNode = null;
        return type.cast(n);
    }

    @Override
    public void cacheNode(WaitNode node) {
        WaitNode.checkCacheable(node);
        core.cachedNode = node;
    }

    /** Diagnostic mode: the *Self methods must run on this very fiber. */
    private void checkSelf() {
        if (core.runtime().diagnostics && current() != this) {
            throw new IllegalStateException("Strand." + "parkSelf/cooperateSelf called on " + this
                    + " from " + Strand.current() + ": these methods are only for the current strand;"
                    + " use Strand.park()/Strand.cooperate() or unpark() instead");
        }
    }

    /**
     * Waits for {@code stage} to complete (parks a fiber, blocks a thread) and returns its value,
     * with {@link #join()}'s (and {@link CompletableFuture#join()}'s) exception rules: a stage that
     * failed throws {@link CompletionException} with the failure as the cause; a cancelled stage
     * throws its {@link java.util.concurrent.CancellationException}.
     *
     * <pre>{@code
     * HttpResponse<String> r = Fiber.await(client.sendAsync(request, BodyHandlers.ofString()));
     * }</pre>
     *
     * Use it instead of {@code future.join()}/{@code get()} inside a fiber: those block the carrier
     * thread. If the calling fiber is cancelled while it waits, it wakes with
     * {@link FiberCancelledException} (the stage itself is left alone). On a plain thread it is
     * uninterruptible, like {@link #join()}: an interrupt is kept and set again on return.
     *
     * @param <T> the stage's value type
     * @param stage the stage to wait for
     * @return the stage's value
     * @throws CompletionException with the stage's failure as the cause, if it failed
     * @throws java.util.concurrent.CancellationException if the stage was cancelled
     * @throws FiberCancelledException if the calling fiber is cancelled while it waits
     * @throws NullPointerException if {@code stage} is null
     */
    public static <T> T await(CompletionStage<T> stage) {
        return StageAwait.await(stage);
    }

    // ------------------------------------------------------------------ instance API

    /**
     * A {@link CompletableFuture} completed when this fiber ends: with its result, or exceptionally
     * with its exception (a cancelled fiber's {@link FiberCancelledException} makes it a cancelled
     * future). Each call returns a new future; a fiber that nobody asks pays nothing for this.
     * <ul>
     *   <li>{@code cancel(true)} cancels the fiber too (as the JDK's thread-per-task futures
     *       interrupt their thread); {@code cancel(false)} cancels only the future.</li>
     *   <li>Completing it by hand ({@code complete}, {@code completeExceptionally},
     *       {@code obtrude*}) changes only this future, never the fiber.</li>
     *   <li>Its {@code join()} and {@code get()}, and those of the stages derived from it, park a
     *       calling fiber instead of blocking its carrier.</li>
     *   <li>Non-async dependent actions ({@code thenApply}, {@code whenComplete}, ...) run on the
     *       carrier thread that ran the fiber's end, as they run on the completing thread of any
     *       {@code CompletableFuture}: keep them short or use the {@code *Async} variants.</li>
     * </ul>
     *
     * @return a new future of this fiber's outcome
     */
    public CompletableFuture<T> toCompletableFuture() {
        FiberFuture<T> f = new FiberFuture<>(this);
        whenTerminated(f);
        return f;
    }


    /** A unique id, increasing in spawn order across all runtimes. */
    public long id() {
        return id;
    }

    /** The fiber's name: the one given at spawn, or {@code fiber-<id>}. */
    @Override
    public String name() {
        String n = core.givenName(); // kept in the core's side object (see overview)
        return n != null ? n : "fiber-" + id;
    }

    /** The runtime this fiber runs on. */
    public Runtime runtime() {
        return core.runtime();
    }

    /** True once the body returned or threw. */
    public boolean isDone() {
        return core.isTerminated();
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return core.isCancelled();
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
        if (!core.isTerminated()) {
            awaitTermination(0);
        }
        Throwable failure = core.failure();
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
        return core.cancel();
    }

    /** {@link Future#cancel}'s shape: same as {@link #cancel()} (fibers are always "interruptible"). */
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * {@link Future#get()}'s contract: waits for the fiber to end (uninterruptibly, like
     * {@link #join()}) and returns its result.
     *
     * @throws CancellationException if the fiber was {@linkplain #cancel() cancelled}: at once, without
     *         waiting for it to end, as {@link Future} specifies (the fiber's own exception, if it
     *         already ended with one, is the cause); never an ExecutionException wrapping it
     * @throws ExecutionException with the fiber's exception as the cause, if it failed
     */
    public T get() throws ExecutionException {
        if (!core.isCancelled()) {
            awaitTermination(0);
        }
        return reportForFuture();
    }

    /**
     * {@link Future#get(long, TimeUnit)}'s contract; a huge timeout saturates (waits "forever").
     * Cancellation as in {@link #get()}.
     */
    public T get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        if (!core.isCancelled() && !awaitTermination(Math.max(1, Timeouts.cap(unit.toNanos(timeout))))) {
            throw new TimeoutException("fiber " + name() + " did not finish within " + timeout + " " + unit);
        }
        return reportForFuture();
    }

    private T reportForFuture() throws ExecutionException {
        if (core.isCancelled()) {
            CancellationException c = new CancellationException("fiber " + name() + " was cancelled");
            Throwable f = core.isTerminated() ? core.failure() : null; // failure is published by the state
            if (f != null) {
                c.initCause(f);
            }
            throw c;
        }
        Throwable failure = core.failure();
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return result();
    }

    /** Makes the permit available and wakes the fiber if parked. See {@link Strand}. */
    @Override
    public void unpark() {
        core.unpark(); // the protocol: FiberCore.transitionToNotified, then perform
    }

    /** See {@link Strand#unparkBy(Strand)}: {@code waker} must be the current strand. */
    @Override
    public void unparkBy(Strand waker) {
        core.unparkBy(waker instanceof Fiber<?> f ? f.core : null);
    }

    /** See {@link Strand#resumeBy(Strand)}: {@code waker} must be the current strand. */
    @Override
    public void resumeBy(Strand waker) {
        core.resumeBy(waker instanceof Fiber<?> f ? f.core : null);
    }

    @Override
    public boolean isFiber() {
        return true;
    }

    /** The object this fiber is parked on (as passed to {@link Strand#park(Object)}), or null. */
    public Object blocker() {
        return core.blocker();
    }

    /**
     * The fiber's state; see {@link State} for how the internal states map onto it. A moment's
     * view: it may have changed by the time the caller looks at it.
     */
    public State state() {
        return switch (core.stateCode()) {
            case FiberStates.NEW -> State.NEW;
            case FiberStates.RUNNABLE, FiberStates.YIELDING -> State.RUNNABLE;
            case FiberStates.RUNNING, FiberStates.PARKING, FiberStates.TIMED_PARKING -> State.RUNNING;
            case FiberStates.PARKED, FiberStates.TIMED_PARKED -> State.PARKED;
            case FiberStates.PINNED -> State.PINNED;
            case FiberStates.TERMINATED -> State.TERMINATED;
            default -> throw new AssertionError("unknown fiber state " + core.stateCode());
        };
    }

    /**
     * The internal state's name, finer than {@link #state()}: NEW, RUNNABLE, RUNNING, PARKING,
     * PARKED, TIMED_PARKING, TIMED_PARKED, SLEEPING (a sleeping TIMED_PARKED fiber), YIELDING,
     * PINNED, TERMINATED. For dumps and messages; code should use {@link #state()}.
     */
    public String stateName() {
        return core.stateName();
    }

    /** The stack of a parked (unmounted) fiber; empty while it runs or before it starts. */
    public StackTraceElement[] stackTrace() {
        return core.stackTrace();
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

    // ------------------------------------------------------------------ termination (called by the core)

    /** Before TERMINATED: passes an uncaught failure to the runtime's handler. */
    void reportIfFailed() {
        Throwable failure = core.failure();
        if (failure != null && core.reportsFailure() && !(core.isCancelled() && failure instanceof FiberCancelledException)) {
            core.runtime().reportUncaught(this, failure);
        }
    }

    /** After TERMINATED: unparks every joiner. */
    void wakeJoiners() {
        FiberJoin.wakeAll(this);
    }

    /**
     * Runs {@code hook} once this fiber has terminated: on the carrier that ends it, or at once on
     * the caller if it has ended already. Hooks must be short and must not park. See overview: Joiners.
     */
    void whenTerminated(Runnable hook) {
        FiberJoin.whenTerminated(this, hook);
    }

    @SuppressWarnings("unchecked")
    private T result() {
        return (T) core.result(); // after TERMINATED
    }

    /**
     * Waits for termination; nanos == 0 waits forever. Returns false on timeout. See {@link #join()}
     * for interrupts and cancellation.
     */
    private boolean awaitTermination(long nanos) {
        return FiberJoin.await(this, nanos, true);
    }

    /**
     * The deadlock detector's own wait in {@link Runtime#run}: like a timed join, but the waiting
     * thread does not count as a plain thread inside a Spindle operation (it is the observer).
     */
    boolean awaitTerminationUncounted(long nanos) {
        return FiberJoin.await(this, nanos, false);
    }
}
