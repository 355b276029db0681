package io.spindle.runtime.internal.fiber;

import io.spindle.runtime.internal.sched.Worker;

/**
 * A fiber core that never runs: only its state machine is used, by ParkProtocolModelTest. No
 * scheduler (the transitions do not touch it); a timed park's timer is recorded instead of put on a
 * worker's heap, so that the test can fire it.
 */
final class ModelFiber extends FiberCore {
    volatile FiberTimer registered; // the timer afterYield would have put on the worker's heap

    ModelFiber() {
        super(null, (Runnable) () -> { }, false);
    }

    /** A fiber that is RUNNING on some carrier (NEW -> RUNNABLE -> RUNNING). */
    static ModelFiber running() {
        ModelFiber f = new ModelFiber();
        f.transitionToStarted();
        f.transitionToRunning();
        return f;
    }

    @Override
    void registerTimer(Worker worker, FiberTimer t) {
        registered = t;
    }

    @Override
    protected boolean diagnostics() {
        return false;
    }

    @Override
    protected RuntimeException cancelledException(String message) {
        return new IllegalStateException(message);
    }

    @Override
    protected void checkNoMonitorHeld() {
    }

    @Override
    protected void beforeTermination() {
    }

    @Override
    protected void afterTermination() {
    }

    @Override
    protected void releaseParkLock(Object lock) {
        ((ModelLock) lock).unlock();
    }

    @Override
    public Object handle() {
        return this;
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public String name() {
        return "model";
    }
}
