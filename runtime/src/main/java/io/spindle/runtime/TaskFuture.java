package io.spindle.runtime;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RunnableFuture;

/**
 * A task of {@link Runtime#executorService()}: the future returned by {@code submit}, run by the
 * task's fiber. Internal to the runtime package.
 *
 * <p>{@code cancel(true)} cancels the task's fiber once it runs (a fiber's "interrupt"; the carrier
 * thread is never interrupted); a task cancelled before its fiber started never runs. A task whose
 * fiber is cancelled by other means (shutdownNow, the runtime's close) completes as cancelled too.
 *
 * @param <T> the result type
 */
final class TaskFuture<T> extends FiberAwareFuture<T> implements RunnableFuture<T> {
    /*
     * runner: written by the task's fiber before it reads isDone() in run(); read by cancel after
     * its CAS of the result. Both volatile (the result field of CompletableFuture is volatile):
     * either run sees the cancellation and does not start, or cancel sees the runner and cancels it.
     */
    private final Callable<T> callable;
    private volatile Fiber<?> runner;

    TaskFuture(Callable<T> callable) {
        this.callable = Objects.requireNonNull(callable, "task");
    }

    @Override
    public void run() {
        Fiber<?> me = Fiber.current();
        runner = me;
        if (isDone()) {
            return; // cancelled before it started
        }
        try {
            complete(callable.call());
        } catch (FiberCancelledException e) {
            if (me != null && me.isCancelled()) {
                super.cancel(false); // its fiber was cancelled: the task was, too
            } else {
                completeExceptionally(e);
            }
        } catch (Throwable t) {
            completeExceptionally(t);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && mayInterruptIfRunning) {
            Fiber<?> f = runner;
            if (f != null) {
                f.cancel();
            }
        }
        return cancelled;
    }
}
