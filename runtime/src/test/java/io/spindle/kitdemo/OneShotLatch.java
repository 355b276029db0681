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
 * {@link WaitQueue}, {@link ParkLoop}, {@link Strand}), as a third party would: waiters park until
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

    private final class Node extends WaitNode {
        Node(Strand strand) {
            super(strand);
        }

        /** True: withdrawn before the latch opened; false: open() completed it first. */
        @Override
        public boolean tryAbandon() {
            synchronized (lock) {
                return waiters.remove(this);
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
        Node n = new Node(me);
        synchronized (lock) {
            if (open) {
                return ParkLoop.COMPLETED;
            }
            waiters.add(n);
        }
        return ParkLoop.await(n, this, timed, deadline, me);
    }

    /** Opens the latch and wakes every waiter; later calls do nothing. */
    public void open() {
        List<Strand> wake = new ArrayList<>();
        synchronized (lock) {
            open = true;
            Node n;
            while ((n = waiters.poll()) != null) {
                n.complete(OPENED);   // release store: pairs with the waiter's isDone()
                wake.add(n.strand());
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
