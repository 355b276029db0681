package io.spindle.runtime.internal.context;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.lang.invoke.VarHandle;

/**
 * What moves with a fiber from carrier to carrier besides its stack: its ScopedValue bindings and
 * the registered carrier context ({@link ContextRegistry}).
 *
 * <pre>
 *   mount   (on the carrier, just before the continuation runs):   restore(fiber's map)
 *   unmount (on the carrier, just after it yielded or ended, before the fiber's new state is
 *            published, so no other carrier can mount it meanwhile):  save into the fiber's map
 * </pre>
 *
 * <h2>ScopedValue</h2>
 * A {@code ScopedValue} binding lives in a field of the current {@code Thread}
 * ({@code Thread.scopedValueBindings}); for a raw continuation that is the carrier's. Without this
 * switch, a fiber that parks inside {@code ScopedValue.where(k, v).run(...)} leaves its binding on
 * the carrier: every other fiber mounted there reads it, and the interleaved restores of two such
 * fibers leave a stale binding behind for good (measured on JDK 25, see docs/embedding.md). The JDK
 * already keeps the scoped-value <em>cache</em> per continuation ({@code Continuation.run}); the
 * bindings field is what this class adds. At unmount the field is saved into the fiber's map when it
 * holds real bindings and reset to the carrier's own value ({@code Thread.class}, the JDK's "new
 * thread, no bindings" marker: carriers never bind); at mount a saved value is put back. Needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the flag virtual threads on Spindle's
 * scheduler need too); without it, {@link #scopedValuesSupported()} is false and bindings inside
 * fibers are not isolated (documented).
 *
 * <h2>Registered context</h2>
 * At unmount each registered slot captures the carrier's context; a non-null capture is cleared
 * from the carrier and saved in the fiber's map (allocated then, not before). At mount a saved
 * entry is removed from the map and restored. A fiber that set nothing costs one capture per slot
 * per unmount, and nothing at mount. With no map, mount reads one field.
 *
 * <p>Nothing registered costs nothing: unmount reaches the registry through {@link #SAVE_SLOTS}, a
 * constant MethodHandle guarded by the SwitchPoint {@link #NOTHING_REGISTERED}. Until the first
 * registration invalidates it, the JIT compiles the call to "return the map unchanged" with no load
 * at all; the invalidation deoptimises that code once (JVM-wide), and from then on unmount reads
 * the registry's volatile array. Measured: a volatile array read + length test at every unmount
 * instead cost about 8 ns per hand-off on a one-carrier ping-pong (docs/embedding.md).
 *
 * <p>Ownership: the map belongs to the fiber and is touched only by the carrier running (or just
 * unmounting) it; the next carrier sees it through the fiber's state CAS that hands the fiber over.
 */
public final class CarrierSwitch {
    /** Thread.scopedValueBindings (plain field, read and written by the carrier itself), or null. */
    private static final VarHandle BINDINGS;
    /** ScopedValue.Snapshot.EMPTY_SNAPSHOT: "bound nothing", equivalent to the carrier's own value. */
    private static final Object EMPTY_BINDINGS;
    /** The JDK's marker for a thread that never bound anything: a carrier's own value. */
    private static final Object CARRIER_BINDINGS = Thread.class;
    /** Saved in place of a null field (JDK: "bindings are on the stack, walk it to find them"). */
    private static final Object NULL_BINDINGS = new Object();

    /** Valid while no ContextSlot was ever registered (one-shot: stays invalid afterwards). */
    private static final SwitchPoint NOTHING_REGISTERED = new SwitchPoint();
    /** (LocalMap m, boolean done) -> LocalMap: identity while NOTHING_REGISTERED holds, then saveRegistered. */
    private static final MethodHandle SAVE_SLOTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodHandle save = l.findStatic(CarrierSwitch.class, "saveRegistered",
                    MethodType.methodType(LocalMap.class, LocalMap.class, boolean.class));
            MethodHandle skip = MethodHandles.dropArguments(MethodHandles.identity(LocalMap.class), 1, boolean.class);
            SAVE_SLOTS = NOTHING_REGISTERED.guardWithTest(skip, save);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * -Dspindle.scopedValues=false turns the ScopedValue switch off (then bindings inside fibers are
     * not isolated, as without --add-opens). Default on: the check at every unmount measured about
     * 10 ns per hand-off on the one-carrier ping-pong (docs/embedding.md, "Costs"), and nothing
     * when off (the handle is a null constant and the JIT drops the code).
     */
    private static final boolean SCOPED_VALUES = !"false".equals(System.getProperty("spindle.scopedValues"));

    static {
        VarHandle h = null;
        Object empty = null;
        if (SCOPED_VALUES) {
            try {
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
                h = l.findVarHandle(Thread.class, "scopedValueBindings", Object.class);
                Class<?> snapshot = Class.forName("java.lang.ScopedValue$Snapshot");
                empty = MethodHandles.privateLookupIn(snapshot, MethodHandles.lookup())
                        .findStaticVarHandle(snapshot, "EMPTY_SNAPSHOT", snapshot).get();
            } catch (ReflectiveOperationException | RuntimeException noAccess) {
                // java.lang not opened to us (IllegalAccessException / InaccessibleObjectException), or
                // another JDK's layout: bindings stay on the carrier (see scopedValuesSupported)
                h = null;
                empty = null;
            }
        }
        BINDINGS = h;
        EMPTY_BINDINGS = empty != null ? empty : new Object();
    }

    private CarrierSwitch() {
    }

    /** True when ScopedValue bindings are kept per fiber (java.lang is open to Spindle). */
    public static boolean scopedValuesSupported() {
        return BINDINGS != null;
    }

    /** Before the fiber's continuation runs on {@code carrier}. {@code m}: the fiber's map or null. */
    public static void mount(Thread carrier, LocalMap m) {
        if (m != null) {
            mountSaved(carrier, m); // out of line: keeps the inlined hot path to one null test
        }
    }

    private static void mountSaved(Thread carrier, LocalMap m) {
        Object b = m.scopedValueBindings;
        if (b != null) {
            m.scopedValueBindings = null;
            BINDINGS.set(carrier, b == NULL_BINDINGS ? null : b);
        }
        if (m.hasSlots()) {
            restoreSlots(m);
        }
    }

    /**
     * After the fiber's continuation returned on {@code carrier} (yielded, or {@code done}).
     * Returns the fiber's map, allocated here if something had to be saved and there was none.
     */
    public static LocalMap unmount(Thread carrier, LocalMap m, boolean done) {
        if (BINDINGS != null && BINDINGS.get(carrier) != CARRIER_BINDINGS) {
            m = saveBindings(carrier, m, done); // out of line: the inlined hot path is a load and a compare
        }
        try {
            return (LocalMap) SAVE_SLOTS.invokeExact(m, done);
        } catch (Throwable t) {
            throw new AssertionError(t); // saveRegistered catches the slots' failures itself
        }
    }

    private static LocalMap saveBindings(Thread carrier, LocalMap m, boolean done) {
        Object b = BINDINGS.get(carrier);
        BINDINGS.set(carrier, CARRIER_BINDINGS);
        if (!done && b != EMPTY_BINDINGS) {
            if (m == null) {
                m = new LocalMap();
            }
            m.scopedValueBindings = b == null ? NULL_BINDINGS : b;
        }
        return m;
    }

    /** Called by ContextRegistry after adding a slot: unmount looks at the registry from now on. */
    static void somethingRegistered() {
        if (!NOTHING_REGISTERED.hasBeenInvalidated()) {
            SwitchPoint.invalidateAll(new SwitchPoint[] {NOTHING_REGISTERED});
        }
    }

    private static LocalMap saveRegistered(LocalMap m, boolean done) {
        ContextSlot[] slots = ContextRegistry.slots();
        return slots.length == 0 ? m : saveSlots(slots, m, done);
    }

    private static LocalMap saveSlots(ContextSlot[] slots, LocalMap m, boolean done) {
        for (ContextSlot s : slots) {
            Object v;
            try {
                v = s.capture();
                if (v == null) {
                    continue;
                }
                s.clear();
            } catch (Throwable t) {
                s.failed("capture/clear", t);
                continue;
            }
            if (!done) {
                if (m == null) {
                    m = new LocalMap();
                }
                m.put(s, v);
            }
        }
        return m;
    }

    private static void restoreSlots(LocalMap m) {
        for (ContextSlot s : ContextRegistry.slots()) {
            Object v = m.remove(s);
            if (v != LocalMap.ABSENT) {
                try {
                    s.restore(v);
                } catch (Throwable t) {
                    s.failed("restore", t);
                }
            }
        }
    }
}
