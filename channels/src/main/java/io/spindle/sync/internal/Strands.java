package io.spindle.sync.internal;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Calls into the runtime's park API through a barrier that the JIT cannot inline. Internal; not a
 * supported API.
 *
 * <p>Why: {@code Strand.current()}, {@code Strand.park()} and {@code Strand.cooperate()} find the
 * current fiber through {@code Thread.currentThread()} (the carrier). C2 treats that load as
 * constant within one compiled method (only JDK methods annotated {@code @ChangesCurrentThread}
 * are exempt), so when a loop that parks is compiled with the lookup inlined, the lookup is
 * commoned across the yield; after the fiber resumes on another carrier it finds the
 * <em>previous</em> carrier's fiber (or none) and parks the wrong fiber or blocks the carrier.
 * Seen as "fiber ... unmounted in state RUNNING" and hangs with more than one carrier; see
 * channels/RUNTIME-NOTES.md. Until the runtime fixes it, every lookup of the current strand in
 * channels and sync goes through {@link #enter()} or {@link #park}, invoked through a
 * MethodHandle held in a non-constant field: such a call is never inlined, so each invocation
 * reads the current carrier afresh and never uses it after a yield.
 */
public final class Strands {
    // Deliberately not static final: a constant MethodHandle would be inlined, defeating the barrier.
    private static MethodHandle enterHandle;
    private static MethodHandle currentHandle;
    private static MethodHandle parkHandle;
    private static MethodHandle parkNanosHandle;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            enterHandle = l.findStatic(Strands.class, "enter0", MethodType.methodType(Strand.class));
            currentHandle = l.findStatic(Strand.class, "current", MethodType.methodType(Strand.class));
            parkHandle = l.findStatic(Strand.class, "park", MethodType.methodType(void.class, Object.class));
            parkNanosHandle = l.findStatic(Strand.class, "parkNanos",
                    MethodType.methodType(void.class, Object.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Strands() {
    }

    /**
     * Starts a Spindle operation: returns the current strand (looked up before anything can
     * yield), spends one unit of the cooperative budget (which may yield), then throws
     * {@link FiberCancelledException} if the strand is a cancelled fiber.
     */
    public static Strand enter() {
        try {
            return (Strand) enterHandle.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@link Strand#current()} through the barrier. */
    public static Strand current() {
        try {
            return (Strand) currentHandle.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static Strand enter0() {
        Strand me = Strand.current(); // before the possible yield in cooperate: see class comment
        Strand.cooperate();
        checkCancelled(me);
        return me;
    }

    /** {@code Strand.checkCancelled()} for a strand already known (no lookup). */
    public static void checkCancelled(Strand me) {
        if (me instanceof Fiber<?> f && f.isCancelled()) {
            throw new FiberCancelledException("fiber " + f.name() + " was cancelled");
        }
    }

    /** {@link Strand#park(Object)} through the barrier. */
    public static void park(Object blocker) {
        try {
            parkHandle.invokeExact(blocker);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@link Strand#parkNanos(Object, long)} through the barrier. */
    public static void parkNanos(Object blocker, long nanos) {
        try {
            parkNanosHandle.invokeExact(blocker, nanos);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
