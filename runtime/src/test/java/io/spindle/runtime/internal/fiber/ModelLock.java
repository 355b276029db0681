package io.spindle.runtime.internal.fiber;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The primitive's lock in ParkUnlockModelTest: a spin lock that any thread may release (as the
 * API's ParkLock must allow: the carrier releases what the fiber took). Lincheck's model checker
 * recognises the spin loop and switches to the holder.
 */
final class ModelLock {
    private final AtomicBoolean held = new AtomicBoolean();

    void lock() {
        while (!held.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
    }

    void unlock() {
        held.set(false);
    }
}
