package io.spindle.runtime;

import io.spindle.runtime.internal.FiberTask;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The continuation a fiber runs on, and the fiber's entry in the run queues (see {@link FiberTask}).
 * A Runnable body is the continuation's target itself, and its exception escapes
 * {@code Continuation.run()} to the carrier, which records it (two frames fewer on every parked
 * stack: about 10% of a parked fiber's memory). A Callable body runs through one shared entry
 * Runnable that looks up the current continuation and stores the result, so no fiber costs an extra
 * lambda or runner object.
 *
 * <p>{@link #onPinned} is overridden: the JDK's default throws and would kill the fiber. Here a
 * failed yield (a native frame on the stack, or a {@code Continuation.pin()} critical section)
 * only records the reason; {@code Continuation.yield} then returns false and the fiber falls back to
 * blocking its carrier (see Fiber's overview: Pinned parks). Note that on JDK 25 holding a
 * {@code synchronized} monitor does NOT pin a raw continuation: it yields anyway (see
 * docs/embedding.md).
 */
final class FiberContinuation extends Continuation implements FiberTask {
    static final ContinuationScope SCOPE = new ContinuationScope("spindle");
    private static final Runnable ENTRY = () -> current().fiber.runBody();

    final Fiber<?> fiber;
    /** Why the last yield failed; written and read by the fiber's own thread. */
    Pinned lastPinnedReason;

    /** A continuation that runs {@code body} directly (fewer frames on every parked stack). */
    FiberContinuation(Fiber<?> fiber, Runnable body) {
        super(SCOPE, body);
        this.fiber = fiber;
    }

    /** A continuation for a Callable body: runs {@link Fiber#runBody()} to capture the result. */
    FiberContinuation(Fiber<?> fiber) {
        super(SCOPE, ENTRY);
        this.fiber = fiber;
    }

    static FiberContinuation current() {
        return (FiberContinuation) Continuation.getCurrentContinuation(SCOPE);
    }

    /** Yields to the carrier; false if the continuation is pinned (the fiber stays mounted). */
    static boolean yieldToCarrier() {
        return Continuation.yield(SCOPE);
    }

    @Override
    public void runOnCarrier() {
        fiber.runOnCarrier();
    }

    @Override
    protected void onPinned(Pinned reason) {
        lastPinnedReason = reason;
    }
}
