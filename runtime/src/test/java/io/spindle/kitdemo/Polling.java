package io.spindle.kitdemo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared by the kit's latch tests (OneShotLatchTest, UnlockingLatchTest). */
final class Polling {
    private Polling() {
    }

    /** Polls {@code cond} every millisecond; fails the test after 20 seconds, naming {@code what}. */
    static void waitUntil(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(1);
        }
    }
}
