package io.spindle.bench.impl;

import java.util.concurrent.atomic.AtomicReference;

/** Collects the first failure of any spawned task so that {@link Impl#run} can rethrow it. */
final class TaskFailures {
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    Runnable wrap(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                first.compareAndSet(null, t);
                throw t;
            }
        };
    }

    /** Throws (and clears) the first recorded failure. */
    void rethrow() {
        Throwable t = first.getAndSet(null);
        if (t != null) {
            throw new IllegalStateException("a task failed: " + t, t);
        }
    }
}
