package io.spindle.runtime;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.Timeouts;
import java.util.concurrent.locks.LockSupport;

/**
 * Joining a fiber: a Treiber stack of {@link Strand}s that the terminating carrier swaps for
 * {@link #DONE} and unparks one by one. The stack lives in the core's side object (FiberCold: no
 * object per fiber until somebody joins; the core's joiners/casJoiners/closeJoiners); this class
 * holds the code.
 */
final class FiberJoin {
    /** The stack after termination: no more waiters can be pushed. */
    private static final Object DONE = FiberCore.joinersClosed();

    private FiberJoin() {
    }

    /** A waiter in the joiners stack: a strand to unpark, or a termination hook to run. */
    private static final class Joiner {
        final Strand strand;
        final Runnable hook;
        Joiner next;

        Joiner(Strand strand, Runnable hook) {
            this.strand = strand;
            this.hook = hook;
        }
    }

    /**
     * The terminating carrier, after TERMINATED: closes the stack (getAndSet, pairs with the CAS in
     * push), unparks every joiner and runs every hook.
     */
    static void wakeAll(Fiber<?> f) {
        Object j = f.core().closeJoiners();
        while (j instanceof Joiner n) {
            if (n.hook != null) {
                runHook(f, n.hook);
            } else {
                n.strand.unpark();
            }
            j = n.next;
        }
    }

    /** Runs {@code hook} when {@code f} terminates, or now if it has (see Fiber.whenTerminated). */
    static void whenTerminated(Fiber<?> f, Runnable hook) {
        if (!push(f, new Joiner(null, hook))) {
            runHook(f, hook);
        }
    }

    private static void runHook(Fiber<?> f, Runnable hook) {
        try {
            hook.run();
        } catch (Throwable t) {
            f.core().runtime().reportUncaught(f, t); // a failing hook must not kill the carrier
        }
    }

    /** CAS-pushes {@code node}; false if the stack is closed (the fiber has terminated). */
    private static boolean push(Fiber<?> f, Joiner node) {
        while (true) {
            Object head = f.core().joiners();
            if (head == DONE) {
                return false;
            }
            node.next = (Joiner) head;
            if (f.core().casJoiners(head, node)) {
                return true;
            }
        }
    }

    /**
     * Waits for {@code f} to terminate; nanos == 0 waits forever. Returns false on timeout. A
     * thread's interrupt is kept and set again on return (join is uninterruptible); a cancelled
     * waiting fiber gets FiberCancelledException from its park. {@code counted == false}: the
     * deadlock detector's own timed wait, which must not count as a thread inside Spindle.
     */
    static boolean await(Fiber<?> f, long nanos, boolean counted) {
        if (f.isDone()) {
            return true;
        }
        Strand me = Strand.current();
        if (me == f) {
            throw new IllegalStateException("fiber " + f.name() + " cannot join itself: it would wait forever");
        }
        if (!push(f, new Joiner(me, null))) {
            return true;
        }
        long deadline = nanos > 0 ? Timeouts.deadlineAfter(nanos) : 0; // huge: saturates
        boolean interrupted = false;
        try {
            while (!f.isDone()) {
                if (nanos > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    if (counted || me.isFiber()) {
                        me.parkSelfNanos(f, left);
                    } else {
                        LockSupport.parkNanos(f, left);
                    }
                } else {
                    me.parkSelf(f);
                }
                if (!me.isFiber() && Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
