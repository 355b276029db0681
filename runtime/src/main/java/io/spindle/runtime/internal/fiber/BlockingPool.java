package io.spindle.runtime.internal.fiber;

import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.Probe;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The elastic pool behind {@code Fiber.blocking}: Tokio's spawn_blocking pool, Go's hand-off of a P
 * during a syscall. Threads are created on demand up to {@link #MAX_THREADS}, then calls queue;
 * idle threads exit after {@link #KEEP_ALIVE_SECONDS}. The calling fiber parks while its call runs,
 * so its carrier keeps running other fibers.
 */
public final class BlockingPool {
    /** Tokio's default max_blocking_threads. Override: -Dspindle.blocking.maxThreads. */
    static final int MAX_THREADS = Integer.getInteger("spindle.blocking.maxThreads", 512);
    /** Tokio keeps idle blocking threads 10 s. Override: -Dspindle.blocking.keepAliveSeconds. */
    static final int KEEP_ALIVE_SECONDS = Integer.getInteger("spindle.blocking.keepAliveSeconds", 10);

    private final ThreadPoolExecutor pool;
    private final Scheduler scheduler;

    public BlockingPool(String runtimeName, Scheduler scheduler) {
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, runtimeName + "-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), tf);
        pool.allowCoreThreadTimeOut(true);
    }

    public static <R> R callDirectly(Callable<R> call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Runs {@code call} on the pool while {@code me}, the current fiber, parks. */
    public <R> R runParked(FiberCore me, Callable<R> call) {
        Worker w = scheduler.currentWorker();
        if (w != null) {
            w.countBlockingCall();
        }
        BlockingCall<R> c = new BlockingCall<>(call, me);
        Object jfrEvent = Probe.blockingBegin(); // null unless JFR records io.spindle.BlockingOffload
        java.util.concurrent.Future<?> submitted = pool.submit(c);
        try {
            while (!c.isDone()) {
                me.parkFiber(0, c);
            }
        } catch (RuntimeException e) {
            if (me.isCancelled()) { // the park threw the cancellation: interrupt the call
                submitted.cancel(true);
            }
            throw e;
        } finally {
            Probe.blockingEnd(jfrEvent, me, call);
        }
        return c.report();
    }

    public int activeCount() {
        return pool.getActiveCount();
    }

    public void shutdown() {
        pool.shutdownNow();
    }

    /** One call: runs on a pool thread, then unparks the waiting fiber. */
    private static final class BlockingCall<R> implements Runnable {
        private final Callable<R> call;
        private final FiberCore waiter;
        private R result;            // written before the volatile store of done
        private Throwable failure;   // written before the volatile store of done
        private volatile boolean done;

        BlockingCall(Callable<R> call, FiberCore waiter) {
            this.call = call;
            this.waiter = waiter;
        }

        @Override
        public void run() {
            try {
                result = call.call();
            } catch (Throwable t) {
                failure = t;
            }
            done = true;
            waiter.unpark();
        }

        boolean isDone() {
            return done;
        }

        R report() {
            Throwable f = failure;
            if (f == null) {
                return result;
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new CompletionException(f);
        }
    }
}
