package io.spindle.runtime.internal.context;

/**
 * The {@link LocalMap} of each plain (or virtual) thread that uses a {@code FiberLocal} outside
 * fibers. Never read inside a fiber: there a ThreadLocal would be the carrier's.
 */
public final class ThreadMaps {
    private static final ThreadLocal<LocalMap> MAPS = new ThreadLocal<>();

    private ThreadMaps() {
    }

    /** The current thread's map, or null if it has none. */
    public static LocalMap get() {
        return MAPS.get();
    }

    /** The current thread's map, created on first use. */
    public static LocalMap getOrCreate() {
        LocalMap m = MAPS.get();
        if (m == null) {
            m = new LocalMap();
            MAPS.set(m);
        }
        return m;
    }
}
