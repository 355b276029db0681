package io.spindle.runtime;

import io.spindle.runtime.internal.diag.ThreadActivity;
import java.util.concurrent.locks.LockSupport;

/** A {@link Strand} for a plain (or virtual) thread: its permit is {@link LockSupport}'s. */
final class ThreadStrand implements Strand {
    // One per thread that ever used Spindle; ThreadLocal is correct here because this path is only
    // taken outside fibers (inside a fiber a ThreadLocal would belong to the carrier).
    private static final ThreadLocal<ThreadStrand> CURRENT = ThreadLocal.withInitial(ThreadStrand::new);

    private final Thread thread = Thread.currentThread();
    // Strand.takeCachedNode/cacheNode's slot: read and written only by this thread (owner only).
    private WaitNode cachedNode;

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
    public void unparkBy(Strand waker) {
        LockSupport.unpark(thread);
    }

    @Override
    public void resumeBy(Strand waker) {
        LockSupport.unpark(thread); // a thread's awaitUnlocking waits with the permit (ParkLoop.await)
    }

    @Override
    public void parkSelf(Object blocker) {
        ThreadActivity.enter();
        try {
            LockSupport.park(blocker);
        } finally {
            ThreadActivity.exit();
        }
    }

    @Override
    public void parkSelfNanos(Object blocker, long nanos) {
        if (nanos <= 0) {
            return;
        }
        ThreadActivity.enter();
        try {
            LockSupport.parkNanos(blocker, nanos);
        } finally {
            ThreadActivity.exit();
        }
    }

    @Override
    public void cooperateSelf() {
        // plain threads have no budget
    }

    @Override
    public void checkCancelledSelf() {
        // plain threads are interrupted, never cancelled
    }

    @Override
    public <N extends WaitNode> N takeCachedNode(Class<N> type) {
        WaitNode n = cachedNode;
        if (n == null || n.getClass() != type) {
            return null;
        }
        cachedNode = null;
        return type.cast(n);
    }

    @Override
    public void cacheNode(WaitNode node) {
        WaitNode.checkCacheable(node);
        cachedNode = node;
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
