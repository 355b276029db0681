package io.spindle.sync.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** VarHandle lookups without a static-initialiser block in every class. Internal. */
public final class VarHandles {
    private VarHandles() {
    }

    /** The VarHandle of instance field {@code name}; pass {@code MethodHandles.lookup()}. */
    public static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The VarHandle of static field {@code name}. */
    public static VarHandle staticField(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findStaticVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
