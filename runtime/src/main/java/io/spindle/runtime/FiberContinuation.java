package io.spindle.runtime;

import io.spindle.runtime.internal.diag.DeadlockDetector;
import io.spindle.runtime.internal.diag.MonitorCheck;
import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.sched.CarrierThread;

/**
 * The one concrete fiber core: binds {@link FiberCore} (internal.fiber: state, permit, park
 * protocol, the continuation itself) to its public handle {@link Fiber}, and supplies what the core
 * must not know: the API's exception types, the exception handler, the registry and the joiners.
 * Together with the handle, the two objects every fiber costs (like Thread and VirtualThread's
 * continuation in the JDK).
 */
final class FiberContinuation extends FiberCore {
    final Fiber<?> fiber;
    /**
     * Strand.takeCachedNode/cacheNode's slot (WaitNode's hand-back rule): a waiter record kept for
     * this fiber's next wait. Owner only: read and written by the fiber's own code, on whichever
     * carrier runs it; handed from carrier to carrier by the state transitions that move the fiber
     * (like FiberCore's owner-only fields). Cleared at termination.
     */
    WaitNode cachedNode;

    FiberContinuation(Fiber<?> fiber, Runtime runtime, Object body, boolean reportFailure, String name) {
        super(runtime.scheduler(), body, reportFailure, name);
        this.fiber = fiber;
    }

    /** The core mounted on the current carrier, or null outside a fiber (safe in fibers: see CarrierThread). */
    static FiberContinuation mounted() {
        CarrierThread c = CarrierThread.current();
        return c != null ? (FiberContinuation) c.mounted() : null;
    }

    /** Adds this fiber to its runtime's registry of live fibers (spawn). */
    void register(FiberRegistry live) {
        live.add(this);
    }

    /** The deadlock detector for {@code Runtime.run} with this fiber as main. */
    DeadlockDetector deadlockDetector(long graceNanos) {
        Runtime rt = runtime();
        return new DeadlockDetector(rt.name(), scheduler(), rt.live(), this, rt::blockingActive, rt::fiberDump,
                graceNanos);
    }

    Runtime runtime() {
        return (Runtime) scheduler().owner();
    }

    @Override
    protected boolean diagnostics() {
        return runtime().diagnostics;
    }

    @Override
    protected RuntimeException cancelledException(String message) {
        return new FiberCancelledException(message);
    }

    @Override
    protected void checkNoMonitorHeld() {
        String held = MonitorCheck.monitorHeld(name());
        if (held != null) {
            throw new SynchronizedParkException(held);
        }
    }

    @Override
    protected void beforeTermination() {
        fiber.reportIfFailed();
    }

    @Override
    protected void afterTermination() {
        cachedNode = null; // an ended fiber's handle may be kept: its record is garbage
        runtime().live().remove(this);
        fiber.wakeJoiners();
    }

    @Override
    protected void releaseParkLock(Object lock) {
        ((ParkLock) lock).unlock();
    }

    @Override
    public Object handle() {
        return fiber;
    }

    @Override
    public long id() {
        return fiber.id();
    }

    @Override
    public String name() {
        return fiber.name();
    }
}
