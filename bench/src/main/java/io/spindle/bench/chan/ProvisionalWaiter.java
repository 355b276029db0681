package io.spindle.bench.chan;

import io.spindle.runtime.Strand;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * PROVISIONAL (replaced with the real io.spindle.channels, see {@link SpindleChannels}): one waiting
 * send, receive or select of {@link ProvisionalSpindleChannel}. A select puts the same waiter in
 * several channels' queues; the first counterpart that {@linkplain #claim() claims} it wins.
 */
final class ProvisionalWaiter {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ProvisionalWaiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Strand strand;
    /** Sender: the value offered (written before enqueueing, read under the channel lock).
     *  Receiver: the value handed over (written by the claimer before {@link #complete()}). */
    Object item;
    @SuppressWarnings("unused") private volatile int state; // 0 waiting, 1 claimed (CAS, any thread)
    private volatile boolean done;                          // set by the claimer after item; read by the waiter

    ProvisionalWaiter(Strand strand, Object item) {
        this.strand = strand;
        this.item = item;
    }

    /** True for the one caller that may complete this waiter. */
    boolean claim() {
        return STATE.compareAndSet(this, 0, 1);
    }

    boolean isClaimed() {
        return (int) STATE.getVolatile(this) != 0;
    }

    /** Marks done without waking (the waiter completed itself). */
    void markDone() {
        done = true;
    }

    /** Marks done (publishing item) and wakes the waiter. Call without holding a channel lock. */
    void complete() {
        done = true;
        strand.unpark();
    }

    /** Parks the current strand until completed. */
    void await(Object blocker) {
        while (!done) {
            Strand.park(blocker);
        }
    }
}
