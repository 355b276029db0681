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

    /** How long close() waits for the pool's threads to end. Override: -Dspindle.blocking.joinMillis. */
    static final long JOIN_MILLIS = Long.getLong("spindle.blocking.joinMillis", 5_000);

    private final ThreadPoolExecutor pool;
    private final Scheduler scheduler;
    // the pool's threads: added by the thread factory (which also drops the dead ones), read by
    // shutdown() to join them, so that close() leaves no thread behind
    private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public BlockingPool(String runtimeName, Scheduler scheduler) {
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, runtimeName + "-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.removeIf(x -> !x.isAlive()); // keeps the set as small as the live threads
            threads.add(t);
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

    /** Threads in the pool now, busy or idle (for the console). */
    public int threadCount() {
        return pool.getPoolSize();
    }

    /**
     * Interrupts running calls, stops the pool, and joins its threads for at most
     * {@link #JOIN_MILLIS} (a call that ignores interrupts may outlive it; Runtime.close() says so).
     */
    public void shutdown() {
        pool.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        boolean interrupted = false;
        for (Thread t : threads.toArray(Thread[]::new)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
