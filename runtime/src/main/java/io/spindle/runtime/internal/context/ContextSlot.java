package io.spindle.runtime.internal.context;

import java.util.Objects;

/**
 * One piece of carrier-thread context (a {@code ThreadLocal}, SLF4J's MDC, a tracing span) that
 * {@link CarrierSwitch} moves off the carrier when a fiber unmounts and back when it mounts again.
 * The public face is {@code io.spindle.runtime.CarrierContext}.
 *
 * <p>The three operations run on the carrier thread, in the fiber's place, between two slices of
 * the fiber; they must be quick and must not park. If one throws, the switch goes on without it
 * and the first failure of each slot is printed once to {@code System.err}.
 */
public abstract class ContextSlot extends LocalKey {
    private final String name;
    private volatile boolean reported; // any carrier writes it, once; racy double report is harmless

    protected ContextSlot(String name) {
        super(false);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The carrier's current context for this slot, or null when there is none. */
    protected abstract Object capture();

    /** Removes this slot's context from the carrier thread. */
    protected abstract void clear();

    /** Installs {@code saved} (a value {@link #capture()} returned earlier) on the carrier thread. */
    protected abstract void restore(Object saved);

    public final String name() {
        return name;
    }

    final void failed(String operation, Throwable t) {
        if (!reported) {
            reported = true;
            System.err.println("Spindle: carrier context '" + name + "' failed in " + operation
                    + " (context switching goes on without it; reported once): " + t);
        }
    }

    @Override
    public String toString() {
        return "ContextSlot[" + name + "]";
    }
}
