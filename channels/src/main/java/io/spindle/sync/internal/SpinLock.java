package io.spindle.sync.internal;

import io.spindle.runtime.ParkLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny test-and-test-and-set lock for the short critical sections of channels and sync
 * primitives (tens of nanoseconds, never across a park, a yield or an unpark). It spins
 * {@value #SPINS_DEFAULT} times with {@link Thread#onSpinWait()}, then {@link Thread#yield()}s, in
 * case the holder is a plain thread that lost its core. Not reentrant, not owned: any thread may
 * release it, which makes it a {@link ParkLock} (a fiber parks holding it, its carrier releases
 * it after the unmount: {@code ParkLoop.awaitUnlocking}). Internal; not a supported API.
 */
public final class SpinLock implements ParkLock {
    /** Go's runtime mutex spins 4 rounds of 30 PAUSEs before sleeping; ~100 onSpinWaits is the same order. */
    private static final int SPINS_DEFAULT = 100;
    private static final int SPINS = Integer.getInteger("spindle.spinlock.spins", SPINS_DEFAULT);
    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), SpinLock.class, "state", int.class);

    /** 0 free, 1 held. Acquired by CAS (acquire), released by a release store (pairs with it). */
    @SuppressWarnings("unused")
    private volatile int state;

    @Override
    public void lock() {
        if ((int) STATE.compareAndExchangeAcquire(this, 0, 1) != 0) {
            lockSlow();
        }
    }

    private void lockSlow() {
        int spins = 0;
        while (true) {
            if ((int) STATE.getOpaque(this) == 0 && (int) STATE.compareAndExchangeAcquire(this, 0, 1) == 0) {
                return;
            }
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Release store: pairs with the next holder's acquire CAS. */
    @Override
    public void unlock() {
        STATE.setRelease(this, 0);
    }
}
