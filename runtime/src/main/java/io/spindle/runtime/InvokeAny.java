package io.spindle.runtime;

import io.spindle.runtime.internal.fiber.Timeouts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * invokeAny of {@link FiberExecutorService}: submits every task, parks the caller until one
 * succeeds (or all failed, or the timeout passed), then cancels every other task. Internal to the
 * runtime package.
 */
final class InvokeAny {
    private InvokeAny() {
    }

    /** nanos == 0: no limit. Returns the first successful result; cancels every other task. */
    static <T> T invokeAny(FiberExecutorService executor, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        for (Callable<T> t : tasks) {
            Objects.requireNonNull(t, "a task is null");
        }
        long deadline = Timeouts.deadlineAfter(nanos); // huge: saturates
        AnyWaiter any = new AnyWaiter(Strand.current(), tasks.size());
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> t : tasks) {
                TaskFuture<T> f = new TaskFuture<>(t);
                futures.add(f);
                executor.execute(f);
                f.whenComplete(any);
            }
            while (!any.decided()) {
                if (nanos > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("no task of invokeAny completed successfully within the timeout");
                    }
                    any.strand.parkSelfNanos(any, left);
                } else {
                    any.strand.parkSelf(any);
                }
                if (!any.strand.isFiber() && Thread.interrupted()) {
                    throw new InterruptedException("interrupted in invokeAny");
                }
            }
            return any.result();
        } finally {
            FiberExecutorService.cancelAll(futures);
        }
    }

    /**
     * invokeAny's completion callback: the first success wins; when all have failed, the last
     * failure is the cause (lastFailure is written before the getAndAdd of failures and read after
     * a volatile read of it).
     */
    private static final class AnyWaiter implements BiConsumer<Object, Throwable> {
        private static final Object NONE = new Object();
        private static final VarHandle WINNER;
        private static final VarHandle FAILURES;

        static {
            try {
                WINNER = MethodHandles.lookup().findVarHandle(AnyWaiter.class, "winner", Object.class);
                FAILURES = MethodHandles.lookup().findVarHandle(AnyWaiter.class, "failures", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Strand strand;
        private final int tasks;
        @SuppressWarnings("unused") private volatile Object winner = NONE; // CAS once from NONE (null is a result)
        private volatile Throwable lastFailure; // any one of the failures
        @SuppressWarnings("unused") private volatile int failures; // getAndAdd after lastFailure's write

        AnyWaiter(Strand strand, int tasks) {
            this.strand = strand;
            this.tasks = tasks;
        }

        @Override
        public void accept(Object value, Throwable failure) {
            if (failure == null) {
                if (WINNER.compareAndSet(this, NONE, value)) {
                    strand.unpark();
                }
                return;
            }
            lastFailure = failure;
            if ((int) FAILURES.getAndAdd(this, 1) + 1 == tasks) {
                strand.unpark();
            }
        }

        boolean decided() {
            return WINNER.getVolatile(this) != NONE || (int) FAILURES.getVolatile(this) == tasks;
        }

        @SuppressWarnings("unchecked")
        <T> T result() throws ExecutionException {
            Object w = WINNER.getVolatile(this);
            if (w != NONE) {
                return (T) w;
            }
            Throwable t = lastFailure;
            throw new ExecutionException("every task of invokeAny failed; the cause is one of the failures",
                    t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t);
        }
    }
}
