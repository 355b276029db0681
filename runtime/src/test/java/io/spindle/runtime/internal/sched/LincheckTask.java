package io.spindle.runtime.internal.sched;

/**
 * A queued task carrying a value, for the queues' Lincheck tests (a plain class: Lincheck cannot
 * read record fields).
 */
public final class LincheckTask implements Runnable {
    private final int v;

    LincheckTask(int v) {
        this.v = v;
    }

    /** The value of a task taken from a queue, or null for none. */
    static Integer value(Runnable r) {
        return r == null ? null : ((LincheckTask) r).v;
    }

    @Override
    public void run() {
    }
}
