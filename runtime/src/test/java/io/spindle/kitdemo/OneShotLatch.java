package io.spindle.kitdemo;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.runtime.WaitNode;
import io.spindle.runtime.WaitQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot latch built only from the runtime's public primitive-building kit ({@link WaitNode},
 * {@link WaitQueue}, {@link ParkLoop}, {@link Strand}, including the per-strand node cache, so a
 * wait allocates nothing in the steady state), as a third party would: waiters park until
 * {@link #open()}; a fiber parks, a plain thread blocks. This package is outside
 * {@code io.spindle.runtime}, so the compiler proves that nothing else is used.
 */
public final class OneShotLatch {
    private static final int OPENED = 1; // our nodes' completion state

    /** Guards {@link #waiters}; held for a few instructions and never across a park or an unpark. */
    private final Object lock = new Object();
    private final WaitQueue<Node> waiters = new WaitQueue<>(); // guarded by lock
    private volatile boolean open;                             // written under lock, read anywhere
    private final boolean checkRefusal;

    public OneShotLatch() {
        this(true);
    }

    /**
     * {@code checkRefusal == false} skips {@link ParkLoop#parkRefusal} (for the test that shows
     * that {@link ParkLoop#await} itself withdraws a registration whose park is refused).
     */
    OneShotLatch(boolean checkRefusal) {
        this.checkRefusal = checkRefusal;
    }

    /**
     * Reused: each strand keeps one in its node cache (Strand.takeCachedNode/cacheNode), so a
     * nested class with a resettable latch field, not an inner class bound to one latch.
     */
    private static final class Node extends WaitNode {
        /** Written by the owner in arm(), before the node is published under latch.lock. */
        private OneShotLatch latch;

        Node() {
            super(null);
        }

        Node arm(Strand owner, OneShotLatch l) {
            reset(owner); // WaitNode's hand-back rule held when it was cached
            latch = l;
            return this;
        }

        /** True: withdrawn before the latch opened; false: open() completed it first. */
        @Override
        public boolean tryAbandon() {
            synchronized (latch.lock) {
                return latch.waiters.remove(this);
            }
        }
    }

    /**
     * Waits until the latch is open.
     *
     * @throws InterruptedException if a waiting plain thread is interrupted
     */
    public void await() throws InterruptedException {
        if (await0(false, 0) == ParkLoop.INTERRUPTED) {
            Thread.interrupted(); // j.u.c style: the checked exception replaces the status
            throw new InterruptedException("interrupted while waiting for the latch");
        }
    }

    /**
     * Waits at most {@code timeout} for the latch to open.
     *
     * @return true if it is open, false on timeout
     * @throws InterruptedException if a waiting plain thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        int r = await0(true, ParkLoop.deadlineAfter(ParkLoop.toNanos(timeout)));
        if (r == ParkLoop.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the latch");
        }
        return r == ParkLoop.COMPLETED;
    }

    private int await0(boolean timed, long deadline) {
        if (open) {
            return ParkLoop.COMPLETED;
        }
        Strand me = Strand.current();
        if (checkRefusal) {
            // Before registering, and outside our own monitor (which the check would see as held).
            SynchronizedParkException refused = ParkLoop.parkRefusal(me);
            if (refused != null) {
                throw refused;
            }
        }
        Node n = me.takeCachedNode(Node.class); // null: first wait (or nested): allocate
        if (n == null) {
            n = new Node();
        }
        n.arm(me, this);
        synchronized (lock) {
            if (open) {
                n.latch = null;
                me.cacheNode(n);                  // never published
                return ParkLoop.COMPLETED;
            }
            waiters.add(n);
        }
        int r = ParkLoop.await(n, this, timed, deadline, me);
        if (r != ParkLoop.INTERRUPTED) {          // completed, or timed out and withdrawn:
            n.latch = null;                       // nobody else can reach it (the hand-back rule)
            me.cacheNode(n);
        }
        return r;
    }

    /** Opens the latch and wakes every waiter; later calls do nothing. */
    public void open() {
        List<Strand> wake = new ArrayList<>();
        synchronized (lock) {
            open = true;
            Node n;
            while ((n = waiters.poll()) != null) {
                wake.add(n.strand()); // before complete: the owner may reuse n right after it
                n.complete(OPENED);   // release store: pairs with the waiter's isDone()
            }
        }
        for (Strand s : wake) {
            s.unpark();               // after unlocking
        }
    }

    public boolean isOpen() {
        return open;
    }

    /** Strands registered now. */
    public int waiterCount() {
        synchronized (lock) {
            return waiters.size();
        }
    }
}
