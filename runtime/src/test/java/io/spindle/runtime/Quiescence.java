package io.spindle.runtime;

import io.spindle.runtime.observe.RuntimeStats;

/** Test helper: waits until a runtime's carriers are all parked and its live fibers are as expected. */
final class Quiescence {
    private Quiescence() {
    }

    /** Returns the first stats snapshot taken at quiescence; fails after 10 s (a hang, not a timing check). */
    static RuntimeStats await(Runtime rt, long expectedLive) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            RuntimeStats s = rt.stats();
            if (s.parkedWorkers() == rt.carriers() && s.liveFibers() == expectedLive && s.injectionQueue() == 0) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("runtime did not become quiescent:\n" + s);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until {@code f} is parked (its state name contains PARKED or SLEEPING). */
    static void awaitParked(Fiber<?> f) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(f.stateName().endsWith("PARKED") || f.stateName().equals("SLEEPING"))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("fiber did not park: " + f);
            }
            Thread.sleep(1);
        }
    }
}
