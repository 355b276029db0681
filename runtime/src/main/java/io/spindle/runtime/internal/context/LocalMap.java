package io.spindle.runtime.internal.context;

/**
 * The values of one fiber (or one plain thread) for every {@code FiberLocal} it has touched, and
 * the carrier context saved while it is unmounted (see {@link CarrierSwitch}).
 *
 * <p>Allocated on first use only: a fiber that never touches a {@code FiberLocal}, never parks
 * inside a {@code ScopedValue} binding and never parks with registered carrier context set has no
 * map. It is referenced only from its fiber (or from its thread's {@link ThreadMaps} entry), so its
 * values become garbage together with the fiber.
 *
 * <p>Layout: open addressing with linear probing (like {@code ThreadLocal.ThreadLocalMap}), keys
 * and values interleaved in one array ({@code table[2i]} the key, {@code table[2i+1]} the value),
 * capacity a power of two, at most 2/3 full; removal shifts later entries of the probe run back
 * (no tombstones). Keys are strong: a fiber's map dies with the fiber, and a thread's with the
 * thread or at {@code remove()}.
 *
 * <p>Not thread-safe, and need not be: only the strand that owns the map touches it (a fiber's
 * carrier while the fiber is mounted, or while it unmounts it; a fiber's map moves between carriers
 * with the fiber, published by the fiber's state transitions).
 */
public final class LocalMap {
    /** Marks "no entry" (a stored value may be null). */
    public static final Object ABSENT = new Object();
    /** 8 entries: a handful of locals per fiber is the common case; grows by doubling. */
    private static final int INITIAL_CAPACITY = 8;

    private Object[] table = new Object[2 * INITIAL_CAPACITY];
    private int size;
    private int inheritableCount; // entries whose key is inheritable
    private int slotCount;        // entries whose key is a ContextSlot (saved carrier context)

    /** The fiber's ScopedValue bindings while it is unmounted, or null (see CarrierSwitch). */
    Object scopedValueBindings;

    public LocalMap() {
    }

    /** The value for {@code key}, or {@link #ABSENT}. */
    public Object get(LocalKey key) {
        Object[] t = table;
        int mask = (t.length >> 1) - 1;
        for (int i = key.hash & mask; ; i = (i + 1) & mask) {
            Object k = t[2 * i];
            if (k == key) {
                return t[2 * i + 1];
            }
            if (k == null) {
                return ABSENT;
            }
        }
    }

    /** Sets the value for {@code key} (null is a value). */
    public void put(LocalKey key, Object value) {
        Object[] t = table;
        int mask = (t.length >> 1) - 1;
        int i = key.hash & mask;
        for (; ; i = (i + 1) & mask) {
            Object k = t[2 * i];
            if (k == key) {
                t[2 * i + 1] = value;
                return;
            }
            if (k == null) {
                break;
            }
        }
        t[2 * i] = key;
        t[2 * i + 1] = value;
        size++;
        count(key, 1);
        if (3 * size > 2 * (t.length >> 1)) {
            resize();
        }
    }

    /** Removes the entry for {@code key}; returns its value or {@link #ABSENT}. */
    public Object remove(LocalKey key) {
        Object[] t = table;
        int mask = (t.length >> 1) - 1;
        int i = key.hash & mask;
        while (true) {
            Object k = t[2 * i];
            if (k == null) {
                return ABSENT;
            }
            if (k == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        Object old = t[2 * i + 1];
        size--;
        count(key, -1);
        // backward-shift deletion (Knuth 6.4, algorithm R): move later entries of the run into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; t[2 * j] != null; j = (j + 1) & mask) {
            int home = ((LocalKey) t[2 * j]).hash & mask;
            // the entry at j may move to the hole unless its home lies cyclically in (hole, j]
            boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeBetween) {
                t[2 * hole] = t[2 * j];
                t[2 * hole + 1] = t[2 * j + 1];
                hole = j;
            }
        }
        t[2 * hole] = null;
        t[2 * hole + 1] = null;
        return old;
    }

    public int size() {
        return size;
    }

    /** True when some entry is inheritable (then {@link #inheritableCopy()} has something to copy). */
    public boolean hasInheritable() {
        return inheritableCount > 0;
    }

    /** True when some carrier context is saved here (see CarrierSwitch). */
    boolean hasSlots() {
        return slotCount > 0;
    }

    /**
     * A new map for a child fiber holding {@code childValue(v)} for every inheritable entry, or null
     * when there is none. Runs in the parent (the owner of this map).
     */
    public LocalMap inheritableCopy() {
        if (inheritableCount == 0) {
            return null;
        }
        LocalMap child = new LocalMap();
        Object[] t = table;
        for (int i = 0; i < t.length; i += 2) {
            if (t[i] instanceof LocalKey k && k.inheritable) {
                child.put(k, k.childValue(t[i + 1]));
            }
        }
        return child;
    }

    /** Every key (for the carrier switch and tests); a copy. */
    LocalKey[] keys() {
        LocalKey[] out = new LocalKey[size];
        int n = 0;
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null) {
                out[n++] = (LocalKey) table[i];
            }
        }
        return out;
    }

    private void count(LocalKey key, int delta) {
        if (key.inheritable) {
            inheritableCount += delta;
        }
        if (key instanceof ContextSlot) {
            slotCount += delta;
        }
    }

    private void resize() {
        Object[] old = table;
        table = new Object[old.length * 2];
        size = 0;
        inheritableCount = 0;
        slotCount = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != null) {
                put((LocalKey) old[i], old[i + 1]);
            }
        }
    }
}
