package io.spindle.runtime.internal.fiber;

import io.spindle.runtime.internal.context.LocalMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import jdk.internal.vm.Continuation;

/**
 * A fiber's cold fields: what most fibers never use, or use only around their end. Kept out of
 * {@link FiberCore} so that every fiber, parked or not, is 8 bytes smaller there and 8 in its
 * handle (see FiberCore's overview: Cold fields). Allocated at most once per fiber, lazily, by
 * whoever needs it first ({@link FiberCore}'s {@code cold()}: a CAS, since the owner and a joining
 * strand may race), or at spawn for a named fiber.
 */
final class FiberCold {
    /*
     * Fields and who touches them:
     *   name     - set before the fiber is published (spawn); read by anyone.
     *   failure  - the fiber's carrier, before the volatile store of TERMINATED; read after a
     *              volatile load of it (like FiberCore.task).
     *   timer    - the fiber itself (timed park), before the volatile store of TIMED_PARKING; read by
     *              the timer's worker after a volatile load of TIMED_PARKED (transitionOnTimer).
     *   lastPinnedReason - the fiber's own thread only.
     *   locals   - owner only (see FiberCore's overview: Fields).
     *   joiners  - volatile, any thread: CAS push by joiners, getAndSet(CLOSED) by the terminating
     *              carrier (the code is io.spindle.runtime.FiberJoin's).
     * ENDED is one shared, never-written instance: the terminating carrier installs it in a fiber
     * that never needed a side object, so that its joiner stack reads as closed without an
     * allocation per fiber.
     */

    /** The joiner stack's value once the fiber has terminated: no more joiners can be pushed. */
    static final Object JOINERS_CLOSED = new Object();

    static final VarHandle JOINERS;

    static {
        try {
            JOINERS = MethodHandles.lookup().findVarHandle(FiberCold.class, "joiners", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The side object of every terminated fiber that had none: read-only (joiners closed). */
    static final FiberCold ENDED = new FiberCold(null, JOINERS_CLOSED);

    final String name;
    Throwable failure;
    FiberTimer timer;
    Continuation.Pinned lastPinnedReason;
    LocalMap locals;
    @SuppressWarnings("unused") private volatile Object joiners; // null, a stack of joiners, or JOINERS_CLOSED

    FiberCold(String name) {
        this(name, null);
    }

    private FiberCold(String name, Object joiners) {
        this.name = name;
        this.joiners = joiners;
    }
}
