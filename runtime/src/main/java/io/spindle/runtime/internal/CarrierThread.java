package io.spindle.runtime.internal;

/**
 * A carrier: the platform thread that one {@link Worker} runs on. Fibers mount on it.
 * {@code Thread.currentThread()} inside a fiber returns this thread (see DESIGN.md: continuation facts).
 */
public final class CarrierThread extends Thread {
    /** The worker this carrier runs. Written once before start. */
    public final Worker worker;
    /**
     * The fiber (an {@code io.spindle.runtime.Fiber}) mounted on this carrier right now, or null.
     * Written and read only by this thread.
     */
    public Object mounted;

    CarrierThread(ThreadGroup group, Worker worker, String name) {
        super(group, null, name, 0, false);
        this.worker = worker;
    }

    @Override
    public void run() {
        worker.runLoop();
    }
}
