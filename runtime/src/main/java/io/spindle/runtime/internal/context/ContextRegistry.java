package io.spindle.runtime.internal.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The registered {@link ContextSlot}s, JVM-wide (the context they move - a ThreadLocal, the MDC - is
 * JVM-wide too). Copy-on-write array: registration is rare; once anything was registered, every
 * fiber unmount reads the array once (one volatile load). Before that, unmount does not look here at
 * all (see CarrierSwitch: SAVE_SLOTS).
 */
public final class ContextRegistry {
    private static final ContextSlot[] NONE = new ContextSlot[0];
    /** Written under the class lock by register/unregister; read (volatile) by every carrier switch. */
    private static volatile ContextSlot[] slots = NONE;

    private ContextRegistry() {
    }

    static ContextSlot[] slots() {
        return slots;
    }

    /** Adds {@code slot}; false if it is registered already. */
    public static synchronized boolean add(ContextSlot slot) {
        ContextSlot[] s = slots;
        for (ContextSlot x : s) {
            if (x == slot) {
                return false;
            }
        }
        ContextSlot[] n = java.util.Arrays.copyOf(s, s.length + 1);
        n[s.length] = slot;
        slots = n;
        CarrierSwitch.somethingRegistered(); // after the store: the slow path then finds the slot
        return true;
    }

    /** Removes {@code slot}; false if it was not registered. */
    public static synchronized boolean remove(ContextSlot slot) {
        ContextSlot[] s = slots;
        List<ContextSlot> n = new ArrayList<>(List.of(s));
        if (!n.remove(slot)) {
            return false;
        }
        slots = n.isEmpty() ? NONE : n.toArray(NONE);
        return true;
    }

    public static boolean contains(ContextSlot slot) {
        for (ContextSlot x : slots) {
            if (x == slot) {
                return true;
            }
        }
        return false;
    }

    /** The names of the registered slots, in registration order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (ContextSlot x : slots) {
            out.add(x.name());
        }
        return out;
    }
}
