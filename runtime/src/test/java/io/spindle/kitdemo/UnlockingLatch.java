package io.spindle.kitdemo;

import io.spindle.runtime.ParkLock;
import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.runtime.WaitNode;
import io.spindle.runtime.WaitQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link OneShotLatch} built on park-with-unlock instead ({@link ParkLoop#awaitUnlocking},
 * {@link ParkLock}, {@link Strand#resumeBy}), from the public kit only, as a third party would:
 * a waiter registers under a spin lock and parks still holding it (a fiber's carrier releases it
 * once the fiber is parked); {@link #open()} completes the nodes under the lock and wakes them with
 * {@code resumeBy} after unlocking.
 */
public final class UnlockingLatch {
    private static final int OPENED = 1;

    /** A spin lock any thread may release: what ParkLock asks for (not synchronized). */
    private static final class Spin implements ParkLock {
        private final AtomicBoolean held = new AtomicBoolean();

        @Override
        public void lock() {
            while (!held.compareAndSet(false, true)) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void unlock() {
            held.set(false); // volatile store: a release
        }
    }

    private final Spin lock = new Spin();
    private final WaitQueue<Node> waiters = new WaitQueue<>(); // guarded by lock
    private volatile boolean open;                             // written under lock

    private final class Node extends WaitNode {
        Node(Strand strand) {
            super(strand);
        }

        @Override
        public boolean tryAbandon() {
            lock.lock();
            try {
                return waiters.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until open; a ParkLoop outcome (COMPLETED, or INTERRUPTED for a plain thread). */
    public int await() {
        return await0(false, 0);
    }

    /** True if open, false on timeout. */
    public boolean await(Duration timeout) {
        return await0(true, ParkLoop.deadlineAfter(ParkLoop.toNanos(timeout))) == ParkLoop.COMPLETED;
    }

    private int await0(boolean timed, long deadline) {
        if (open) {
            return ParkLoop.COMPLETED;
        }
        Strand me = Strand.current();
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            throw refused;
        }
        Node n = new Node(me);
        lock.lock();
        if (open) {
            lock.unlock();
            return ParkLoop.COMPLETED;
        }
        waiters.add(n);
        return ParkLoop.awaitUnlocking(n, this, lock, timed, deadline, me, true); // releases the lock
    }

    /** Opens the latch and wakes every waiter (after unlocking, with resumeBy). */
    public void open() {
        List<Strand> wake = new ArrayList<>();
        lock.lock();
        try {
            open = true;
            Node n;
            while ((n = waiters.poll()) != null) {
                n.complete(OPENED);
                wake.add(n.strand());
            }
        } finally {
            lock.unlock();
        }
        Strand me = Strand.current();
        for (Strand s : wake) {
            s.resumeBy(me);
        }
    }

    public boolean isOpen() {
        return open;
    }

    public int waiterCount() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }
}
