package io.spindle.runtime;

import io.spindle.runtime.internal.context.LocalKey;
import io.spindle.runtime.internal.context.LocalMap;
import io.spindle.runtime.internal.context.ThreadMaps;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A variable with one value per fiber, like {@link ThreadLocal} for threads. Inside a fiber,
 * {@code get}/{@code set}/{@code remove} act on the current fiber's own value, wherever it runs and
 * however often it moves between carriers; on a plain (or virtual) thread they act on that thread's
 * own value. A value set in one fiber is never seen by another fiber, even on the same carrier.
 *
 * <pre>{@code
 * static final FiberLocal<String> REQUEST = FiberLocal.withInitial(() -> "none");
 * static final FiberLocal<Span> SPAN = FiberLocal.inheritable();   // copied into spawned fibers
 *
 * rt.spawn(() -> {
 *     REQUEST.set("r-42");
 *     ch.receive();                      // parks; may resume on another carrier
 *     log(REQUEST.get());                // "r-42", always
 * });
 * }</pre>
 *
 * <h2>Initial value</h2>
 * {@link #get()} on a strand that has no value yet calls {@link #initialValue()} (the supplier
 * given to {@link #withInitial}; null for {@code new FiberLocal<>()}), stores the result and
 * returns it. {@link #remove()} forgets the value: the next {@code get} computes the initial value
 * again. {@code set(null)} stores null (then {@code get} returns null, not the initial value).
 *
 * <h2>Inheritance</h2>
 * An {@linkplain #inheritable() inheritable} local is copied into every fiber spawned by a strand
 * that has a value for it ({@link Fiber#spawn}, {@link Runtime#spawn}, {@link FiberScope#spawn},
 * from a fiber or from a plain thread), at the moment of the spawn, like
 * {@link InheritableThreadLocal}: the child gets {@link #childValue(Object) childValue(parentValue)},
 * by default the same reference (share only immutable values, or give a copying child-value
 * function). Later changes on either side are not seen by the other.
 *
 * <h2>Lifetime and cost</h2>
 * A fiber's values live in a small map allocated on the fiber's first {@code set} or {@code get}
 * (a fiber that never uses a FiberLocal pays nothing) and become garbage with the fiber. A plain
 * thread's values live until {@code remove()} or the thread's end, like a ThreadLocal's: call
 * {@code remove()} on pooled threads. {@code get} is an identity-hash lookup (about as fast as
 * ThreadLocal's) plus one current-fiber lookup.
 *
 * <p>Libraries that keep context in a {@link ThreadLocal} (SLF4J's MDC, tracing) can have it follow
 * fibers too, without changes, through {@link CarrierContext}.
 *
 * @param <T> the value type
 */
public class FiberLocal<T> {
    private final Supplier<? extends T> initial;        // null: initialValue() is null
    private final UnaryOperator<T> childFunction;       // null: the child shares the parent's value
    private final LocalKey key;                         // this local's identity in every LocalMap

    /** A non-inheritable local whose initial value is null (override {@link #initialValue()} to change it). */
    public FiberLocal() {
        this(false, null, null);
    }

    /**
     * For subclasses: an {@code inheritable} local whose initial value is null unless
     * {@link #initialValue()} is overridden (and whose child value is {@link #childValue}).
     */
    protected FiberLocal(boolean inheritable) {
        this(inheritable, null, null);
    }

    private FiberLocal(boolean inheritable, Supplier<? extends T> initial, UnaryOperator<T> childFunction) {
        this.initial = initial;
        this.childFunction = childFunction;
        this.key = new Key(this, inheritable);
        if (inheritable) {
            Inheritance.used = true;
        }
    }

    /** A non-inheritable local whose initial value comes from {@code initial} (called once per strand). */
    public static <T> FiberLocal<T> withInitial(Supplier<? extends T> initial) {
        return new FiberLocal<>(false, Objects.requireNonNull(initial, "initial value supplier"), null);
    }

    /** An inheritable local whose initial value is null. See the class comment: Inheritance. */
    public static <T> FiberLocal<T> inheritable() {
        return new FiberLocal<>(true, null, null);
    }

    /** An inheritable local whose initial value comes from {@code initial}. */
    public static <T> FiberLocal<T> inheritable(Supplier<? extends T> initial) {
        return new FiberLocal<>(true, Objects.requireNonNull(initial, "initial value supplier"), null);
    }

    /**
     * An inheritable local with an initial value, whose value in a spawned fiber is
     * {@code childValue.apply(parentValue)} (runs in the parent, at the spawn).
     */
    public static <T> FiberLocal<T> inheritable(Supplier<? extends T> initial, UnaryOperator<T> childValue) {
        return new FiberLocal<>(true, Objects.requireNonNull(initial, "initial value supplier"),
                Objects.requireNonNull(childValue, "child value function"));
    }

    /** The current strand's value; computes and stores {@link #initialValue()} if it has none. */
    @SuppressWarnings("unchecked")
    public T get() {
        FiberContinuation f = FiberContinuation.mounted();
        LocalMap m = f != null ? f.locals() : ThreadMaps.get();
        if (m != null) {
            Object v = m.get(key);
            if (v != LocalMap.ABSENT) {
                return (T) v;
            }
        }
        T v = initialValue(); // may park (a fiber): look the map up again afterwards
        mapForWrite().put(key, v);
        return v;
    }

    /** Sets the current strand's value ({@code null} is a value). */
    public void set(T value) {
        mapForWrite().put(key, value);
    }

    /** Removes the current strand's value: its next {@link #get()} computes the initial value again. */
    public void remove() {
        FiberContinuation f = FiberContinuation.mounted();
        LocalMap m = f != null ? f.locals() : ThreadMaps.get();
        if (m != null) {
            m.remove(key);
        }
    }

    /** True if values are copied into spawned fibers. */
    public final boolean isInheritable() {
        return key.isInheritable();
    }

    /** The value a strand gets on its first {@link #get()} without a {@link #set}. Default: the supplier's, or null. */
    protected T initialValue() {
        return initial != null ? initial.get() : null;
    }

    /**
     * An inheritable local's value in a fiber spawned by a strand whose value is {@code parentValue}.
     * Runs in the parent at the spawn. Default: the child-value function given to
     * {@link #inheritable(Supplier, UnaryOperator)}, else {@code parentValue} itself.
     */
    protected T childValue(T parentValue) {
        return childFunction != null ? childFunction.apply(parentValue) : parentValue;
    }

    private static LocalMap mapForWrite() {
        FiberContinuation f = FiberContinuation.mounted();
        if (f != null) {
            LocalMap m = f.locals();
            if (m == null) {
                m = new LocalMap();
                f.locals(m);
            }
            return m;
        }
        return ThreadMaps.getOrCreate();
    }

    /**
     * The values a fiber spawned now by the current strand starts with: a copy of the inheritable
     * entries of the current fiber's (or thread's) map, or null. Called by the spawn path.
     */
    static LocalMap inheritedByChild() {
        if (!Inheritance.used) {
            return null; // no inheritable local was ever created: skip the lookups
        }
        FiberContinuation parent = FiberContinuation.mounted();
        LocalMap m = parent != null ? parent.locals() : ThreadMaps.get();
        return m != null && m.hasInheritable() ? m.inheritableCopy() : null;
    }

    @Override
    public String toString() {
        return (isInheritable() ? "FiberLocal[inheritable]@" : "FiberLocal@") + Integer.toHexString(hashCode());
    }

    /** Set once the first inheritable local exists; until then spawns skip the parent's map. */
    private static final class Inheritance {
        static volatile boolean used;
    }

    /** This local's identity in the maps; calls back for the child value. */
    private static final class Key extends LocalKey {
        private final FiberLocal<?> local;

        Key(FiberLocal<?> local, boolean inheritable) {
            super(inheritable);
            this.local = local;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object childValue(Object parentValue) {
            return ((FiberLocal) local).childValue(parentValue);
        }
    }
}
