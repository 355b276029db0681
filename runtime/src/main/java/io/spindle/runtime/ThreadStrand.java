package io.spindle.runtime;

import java.util.concurrent.locks.LockSupport;

/** A {@link Strand} for a plain (or virtual) thread: its permit is {@link LockSupport}'s. */
final class ThreadStrand implements Strand {
    // One per thread that ever used Spindle; ThreadLocal is correct here because this path is only
    // taken outside fibers (inside a fiber a ThreadLocal would belong to the carrier).
    private static final ThreadLocal<ThreadStrand> CURRENT = ThreadLocal.withInitial(ThreadStrand::new);

    private final Thread thread = Thread.currentThread();

    static ThreadStrand current() {
        return CURRENT.get();
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void unpark() {
        LockSupport.unpark(thread);
    }

    @Override
    public boolean isFiber() {
        return false;
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public String toString() {
        return "ThreadStrand[" + thread + "]";
    }
}
