package io.spindle.runtime;

import io.spindle.runtime.internal.fiber.Timeouts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Runtime#executorService()}: an {@link java.util.concurrent.ExecutorService} view of a
 * runtime whose tasks are fibers (one new fiber per task, as the JDK's
 * {@code newVirtualThreadPerTaskExecutor()} has one virtual thread per task).
 *
 * <ul>
 *   <li>{@code execute}: the task runs in a new fiber; an exception it throws goes to the
 *       runtime's {@link FiberExceptionHandler}. {@code submit}: the outcome goes to the returned
 *       future, nothing is reported.</li>
 *   <li>The futures' {@code get()}/{@code join()} park a calling fiber (they block a thread);
 *       {@code cancel(true)} cancels the task's fiber: it sees {@link FiberCancelledException} at
 *       its next park (the carrier thread is never interrupted).</li>
 *   <li>{@code shutdown()} rejects new tasks with {@link RejectedExecutionException} and lets the
 *       submitted ones finish; it does not close the runtime. {@code shutdownNow()} also cancels
 *       every task: running fibers are cancelled, tasks whose fiber has not started yet never run;
 *       it returns an empty list (every task has its fiber from the start, there is no queue of
 *       waiting tasks, as in the JDK's thread-per-task executors).</li>
 *   <li>Closing the runtime shuts the view down: its fibers are cancelled by the runtime's close,
 *       and the view is terminated when they have ended.</li>
 *   <li>{@code invokeAll}/{@code invokeAny} and {@code awaitTermination} park a calling fiber; a
 *       cancelled calling fiber gets {@link FiberCancelledException} (and, in the invoke methods,
 *       the tasks are cancelled); a calling thread gets {@link InterruptedException} on interrupt.</li>
 *   <li>Each call of {@code executorService()} returns a new, independent view: shutting one down
 *       does not affect the others.</li>
 * </ul>
 */
final class FiberExecutorService extends AbstractExecutorService {
    /*
     * Implementation overview
     *
     * ctl: one volatile long, SHUTDOWN bit | number of accepted tasks not yet ended (ThreadPoolExecutor's
     * ctl idea). execute() reserves a task by CAS (refused once SHUTDOWN is set, so that no task can
     * sneak in after shutdown() saw zero tasks and declared the view terminated); the task's fiber's
     * termination hook releases it (Fiber.whenTerminated: runs also for a fiber cancelled before it
     * started, e.g. by the runtime's close, whose body never runs). The view is terminated when
     * it is shut down (its own SHUTDOWN bit, or the runtime closed) and the count is zero.
     *
     * live: fiber -> task, for shutdownNow; put after the spawn, removed by the termination hook,
     * which is registered after the put (so it cannot run before it).
     *
     * Termination waiters: strands in a queue; whoever makes the view terminated (the last task's
     * hook, shutdown()) unparks them all; a waiter enqueues itself before it checks, so with the
     * volatile ctl no wake-up is lost. The runtime's close is not signalled to views: a waiter of a
     * view that is not shut down itself re-checks every CLOSE_POLL_NANOS.
     *
     * Fields and who touches them: ctl - volatile, CAS by execute/shutdown/hooks; live, waiters -
     * concurrent collections; stopped - volatile, written by shutdownNow, read by task fibers.
     */
    private static final long SHUTDOWN = 1L << 62;
    private static final long COUNT_MASK = SHUTDOWN - 1;
    /**
     * How often awaitTermination re-checks for a closed runtime when the view itself was not shut
     * down (the runtime does not notify its views). 20 ms: a shut-down view never polls; this is
     * only the rare "close the runtime, await the view" case. Override: -Dspindle.executor.closePollMillis.
     */
    private static final long CLOSE_POLL_NANOS =
            TimeUnit.MILLISECONDS.toNanos(Long.getLong("spindle.executor.closePollMillis", 20));
    private static final VarHandle CTL;

    static {
        try {
            CTL = MethodHandles.lookup().findVarHandle(FiberExecutorService.class, "ctl", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runtime runtime;
    @SuppressWarnings("unused") private volatile long ctl; // see overview
    private volatile boolean stopped;                      // shutdownNow was called
    private final Map<Fiber<?>, Runnable> live = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Strand> waiters = new ConcurrentLinkedQueue<>();

    FiberExecutorService(Runtime runtime) {
        this.runtime = runtime;
    }

    // ------------------------------------------------------------------ tasks

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new TaskFuture<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        Objects.requireNonNull(runnable, "task");
        return new TaskFuture<>(() -> {
            runnable.run();
            return value;
        });
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        reserve();
        Fiber<Void> f;
        try {
            f = runtime.spawn(() -> runTask(task));
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
        live.put(f, task);
        f.whenTerminated(() -> taskEnded(f, task));
    }

    /** A task fiber's body. */
    private void runTask(Runnable task) {
        if (stopped) { // shutdownNow: tasks that had not started never run
            if (task instanceof Future<?> fu) {
                fu.cancel(false);
            }
            return;
        }
        task.run();
    }

    /** A task fiber's termination hook (see overview). */
    private void taskEnded(Fiber<?> f, Runnable task) {
        live.remove(f);
        if (task instanceof Future<?> fu && !fu.isDone()) {
            fu.cancel(false); // its fiber was cancelled before it started: the task never ran
        }
        release();
    }

    private void reserve() {
        while (true) {
            long c = (long) CTL.getVolatile(this);
            if ((c & SHUTDOWN) != 0 || runtime.isClosed()) {
                throw new RejectedExecutionException("this ExecutorService view of runtime '" + runtime.name()
                        + "' is shut down" + (runtime.isClosed() ? " (the runtime is closed)" : "")
                        + ": take a new one with Runtime.executorService(), or spawn fibers directly");
            }
            if (CTL.compareAndSet(this, c, c + 1)) {
                return;
            }
        }
    }

    private void release() {
        long c = (long) CTL.getAndAdd(this, -1L) - 1;
        if ((c & COUNT_MASK) == 0 && ((c & SHUTDOWN) != 0 || runtime.isClosed())) {
            signalTermination();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        long c = (long) CTL.getAndBitwiseOr(this, SHUTDOWN);
        if ((c & COUNT_MASK) == 0) {
            signalTermination();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        stopped = true;
        shutdown();
        for (Map.Entry<Fiber<?>, Runnable> e : live.entrySet()) {
            if (e.getValue() instanceof TaskFuture<?> tf) {
                tf.cancel(true);
            } else {
                e.getKey().cancel();
            }
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return ((long) CTL.getVolatile(this) & SHUTDOWN) != 0 || runtime.isClosed();
    }

    @Override
    public boolean isTerminated() {
        return ((long) CTL.getVolatile(this) & COUNT_MASK) == 0 && isShutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        if (isTerminated()) {
            return true;
        }
        long deadline = Timeouts.deadlineAfter(unit.toNanos(timeout)); // huge: saturates
        Strand me = Strand.current();
        waiters.add(me);
        try {
            while (!isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                boolean ownShutdown = ((long) CTL.getVolatile(this) & SHUTDOWN) != 0;
                me.parkSelfNanos(this, ownShutdown ? left : Math.min(left, CLOSE_POLL_NANOS));
                if (!me.isFiber() && Thread.interrupted()) {
                    throw new InterruptedException("interrupted in awaitTermination");
                }
            }
            return true;
        } finally {
            waiters.remove(me);
        }
    }

    private void signalTermination() {
        for (Strand s : waiters) {
            s.unpark();
        }
    }

    // ------------------------------------------------------------------ invokeAll / invokeAny

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = submitAll(tasks);
        boolean done = false;
        try {
            for (Future<T> f : futures) {
                if (!f.isDone()) {
                    try {
                        f.get(); // parks a fiber; a thread's interrupt throws
                    } catch (ExecutionException | CancellationException outcomeIsInTheFuture) {
                        // the caller reads it from the future
                    }
                }
            }
            done = true;
            return futures;
        } finally {
            if (!done) {
                cancelAll(futures);
            }
        }
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = Timeouts.deadlineAfter(unit.toNanos(timeout)); // huge: saturates
        List<Future<T>> futures = submitAll(tasks);
        boolean done = false;
        try {
            for (Future<T> f : futures) {
                if (!f.isDone()) {
                    try {
                        f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (ExecutionException | CancellationException outcomeIsInTheFuture) {
                        // the caller reads it from the future
                    } catch (TimeoutException e) {
                        break; // the rest is cancelled below
                    }
                }
            }
            cancelAll(futures); // the unfinished ones, when the time ran out (no-op for done ones)
            done = true;
            return futures;
        } finally {
            if (!done) {
                cancelAll(futures);
            }
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return InvokeAny.invokeAny(this, tasks, 0);
        } catch (TimeoutException e) {
            throw new AssertionError("untimed invokeAny timed out", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return InvokeAny.invokeAny(this, tasks, Math.max(1, unit.toNanos(timeout)));
    }

    private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> t : tasks) {
                futures.add(submit(Objects.requireNonNull(t, "a task is null")));
            }
        } catch (RuntimeException | Error e) {
            cancelAll(futures);
            throw e;
        }
        return futures;
    }

    static void cancelAll(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            f.cancel(true);
        }
    }

    @Override
    public String toString() {
        long c = ctl;
        return "ExecutorService[runtime=" + runtime.name() + ", tasks=" + (c & COUNT_MASK)
                + (isTerminated() ? ", terminated" : isShutdown() ? ", shut down" : "") + "]";
    }
}
