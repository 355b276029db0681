package io.spindle.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CompletableFuture} whose waiting methods ({@link #join()}, {@link #get()},
 * {@link #get(long, TimeUnit)}) park the calling fiber instead of blocking its carrier thread; on a
 * plain thread they behave exactly as {@code CompletableFuture}'s. The futures of
 * {@link Fiber#toCompletableFuture()} and of {@link Runtime#executorService()} are of this kind, and
 * so are the stages derived from them ({@code thenApply} etc.).
 *
 * <p>A plain {@code CompletableFuture}'s {@code join()} or {@code get()} called in a fiber blocks
 * the carrier thread (it parks the thread with {@code LockSupport}); use {@link Fiber#await} for
 * those.
 *
 * @param <T> the result type
 */
class FiberAwareFuture<T> extends CompletableFuture<T> {
    /** An incomplete future. */
    FiberAwareFuture() {
    }

    /** {@link CompletableFuture#join()}; parks a fiber (a cancelled fiber gets {@link FiberCancelledException}). */
    @Override
    public T join() {
        if (!isDone() && Fiber.current() != null) {
            StageAwait.parkUntilDone(this, 0);
        }
        return super.join();
    }

    /**
     * {@link CompletableFuture#get()}; parks a fiber (a cancelled fiber gets
     * {@link FiberCancelledException} instead of {@link InterruptedException}).
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone() && Fiber.current() != null) {
            StageAwait.parkUntilDone(this, 0);
        }
        return super.get();
    }

    /** {@link CompletableFuture#get(long, TimeUnit)}; parks a fiber. */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone() && Fiber.current() != null) {
            long nanos = unit.toNanos(timeout);
            if (nanos <= 0 || !StageAwait.parkUntilDone(this, nanos)) {
                throw new TimeoutException("not completed within " + timeout + " " + unit);
            }
        }
        return super.get(timeout, unit);
    }

    /** Dependent stages are fiber-aware too (but do not cancel anything when cancelled). */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new FiberAwareFuture<>();
    }
}
