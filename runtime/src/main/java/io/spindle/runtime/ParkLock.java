package io.spindle.runtime;

/**
 * The lock a strand parks with in {@link ParkLoop#awaitUnlocking}: the lock of the primitive whose
 * queue holds the strand's {@link WaitNode} (Go's {@code gopark(unlockf)}). The waiting strand
 * calls {@code awaitUnlocking} still holding it; a fiber's lock is released by its carrier only
 * after the fiber has unmounted and its state says parked, so a completer that takes the lock and
 * finds the node queued knows the fiber is fully parked, and wakes it with
 * {@link Strand#resumeBy(Strand)} (one CAS, no permit exchange).
 *
 * <p>Requirements:
 * <ul>
 *   <li>{@link #unlock()} may be called by another thread than the one that called
 *       {@link #lock()} (the carrier, after the fiber unmounted; a fiber may also resume on
 *       another carrier): so not {@code synchronized} nor a {@code ReentrantLock}, but a spin lock
 *       or a one-permit semaphore-like lock.</li>
 *   <li>{@link #lock()} must not park: the carrier never waits for it, but a fiber re-locks it
 *       after a spurious wake-up (while a carrier may still be about to release it, for a few
 *       instructions). A spin lock with short critical sections fits.</li>
 *   <li>{@link #unlock()} must be a release (every write made under the lock is visible to the
 *       next holder), and must not throw.</li>
 *   <li>A composite lock (several locks taken in a fixed order, as a select takes the locks of
 *       all its channels) is fine: {@code unlock()} releases all of them.</li>
 * </ul>
 */
public interface ParkLock {
    /** Takes the lock (spins; never parks). */
    void lock();

    /** Releases the lock; callable from any thread. */
    void unlock();
}
