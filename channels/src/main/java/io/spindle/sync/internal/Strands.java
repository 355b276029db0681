package io.spindle.sync.internal;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;

/**
 * The entry step shared by every channel and sync operation. Internal; not a supported API.
 */
public final class Strands {
    private Strands() {
    }

    /**
     * Starts a Spindle operation: returns the current strand, spends one unit of the cooperative
     * budget (which may yield), then throws {@link FiberCancelledException} if the strand is a
     * cancelled fiber, so that a cancelled fiber stops before the operation has any effect. The
     * strand is looked up once, first, and then passed around: one lookup per operation.
     */
    public static Strand enter() {
        Strand me = Strand.current();
        me.cooperateSelf();      // no second lookup of the current strand
        me.checkCancelledSelf();
        return me;
    }

    /** {@code Strand.checkCancelled()} for a strand already known (no second lookup). */
    public static void checkCancelled(Strand me) {
        if (me instanceof Fiber<?> f && f.isCancelled()) {
            throw new FiberCancelledException("fiber " + f.name() + " was cancelled");
        }
    }
}
