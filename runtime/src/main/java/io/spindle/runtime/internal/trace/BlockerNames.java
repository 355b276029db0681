package io.spindle.runtime.internal.trace;

import java.util.function.Function;

/** How dumps and traces name the object a fiber is parked on. */
public final class BlockerNames {
    /** Longer toString()s are left out: a dump line should stay a line. */
    static final int MAX_TO_STRING = 80;

    private BlockerNames() {
    }

    /**
     * {@code toString() @identity} when the class has a short toString of its own, else
     * {@code ClassName@identity}; null for null. Never throws (a failing toString is left out).
     */
    public static String describe(Object blocker) {
        if (blocker == null) {
            return null;
        }
        String identity = Integer.toHexString(System.identityHashCode(blocker));
        String className = blocker.getClass().getName();
        String s;
        try {
            s = blocker.toString();
        } catch (RuntimeException | StackOverflowError e) {
            s = null;
        }
        if (s == null || s.length() > MAX_TO_STRING || s.startsWith(className + "@")) {
            return className + "@" + identity;
        }
        return s + " @" + identity;
    }

    /**
     * For a trace, written long after the park: only what cannot have changed since.
     * {@code fiberName} names a blocker that is a fiber (a join), by its name, or returns null for
     * anything else, which is named {@code ClassName@identity}. (The Runtime supplies it: this
     * package does not know the API's Fiber.)
     */
    public static String describeAtExport(Object blocker, Function<Object, String> fiberName) {
        String identity = Integer.toHexString(System.identityHashCode(blocker));
        String name = fiberName.apply(blocker);
        if (name != null) {
            return "Fiber[" + name + "] @" + identity;
        }
        return blocker.getClass().getName() + "@" + identity;
    }
}
