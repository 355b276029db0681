package io.spindle.runtime;

import java.util.concurrent.CompletionException;

/**
 * {@link Fiber#toCompletableFuture()}: a future completed when its fiber ends. See that method for
 * the contract (cancellation, manual completion). Internal to the runtime package.
 *
 * @param <T> the fiber's result type
 */
final class FiberFuture<T> extends FiberAwareFuture<T> implements Runnable {
    private final Fiber<T> fiber;

    FiberFuture(Fiber<T> fiber) {
        this.fiber = fiber;
    }

    /** The fiber's termination hook (runs on the carrier that ran the fiber's end). */
    @Override
    public void run() {
        try {
            complete(fiber.join()); // terminated: returns or throws at once
        } catch (CompletionException e) {
            completeExceptionally(e.getCause()); // join wraps the fiber's own exception
        }
    }

    /**
     * Completes this future as cancelled and, when {@code mayInterruptIfRunning}, cancels the fiber
     * (like the JDK's thread-per-task futures, which interrupt their thread).
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && mayInterruptIfRunning) {
            fiber.cancel();
        }
        return cancelled;
    }

    @Override
    public String toString() {
        return "FiberFuture[" + fiber + ", " + super.toString() + "]";
    }
}
