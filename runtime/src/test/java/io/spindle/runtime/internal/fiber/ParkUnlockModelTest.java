package io.spindle.runtime.internal.fiber;

import static io.spindle.runtime.internal.fiber.ParkModels.assertWokenOnce;
import static io.spindle.runtime.internal.fiber.ParkModels.parallel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.testsupport.Stress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking of park-with-unlock (FiberCore's overview: Park with unlock; Go's
 * {@code gopark(unlockf)}) with Lincheck's model checker, in the style of ParkProtocolModelTest:
 * the racing transitions of one park run on real threads and Lincheck explores their
 * interleavings, checking after each one that the fiber was woken exactly once (exactly one actor
 * got a submit action, and the fiber ended RUNNABLE: never left PARKED with its node completed, a
 * lost wake-up, nor submitted twice).
 *
 * <p>The actors: the fiber, which holds the primitive's lock (a {@link ModelLock}) with its node
 * registered, hands the lock to its carrier and moves to PARKING/TIMED_PARKING
 * (transitionToParkingUnlocking); the carrier's afterYield (transitionAfterYield, given the lock),
 * which publishes PARKED and only then releases the lock; a completer, which takes the lock, completes the node if it is still queued, unlocks and
 * wakes the fiber with transitionToResumed (Strand.resumeBy: no permit); cancel
 * (transitionToCancelled); a third party's unpark (transitionToNotified: a spurious wake-up for
 * this park); the timer (transitionOnTimer).
 *
 * <p>{@link #mutant_unlockBeforeParkedIsPublished_isCaught} shows the checker catches the bug the
 * protocol exists to prevent: a fiber that releases the lock before its carrier publishes PARKED
 * (the completer then sees PARKING, does nothing, and the fiber stays PARKED forever).
 *
 * <p>Scope as in ParkProtocolModelTest: sequentially consistent interleavings only.
 */
@Tag("lincheck") // own surefire execution (runtime/pom.xml)
@Timeout(600)
class ParkUnlockModelTest {
    /** Interleavings explored per test. Override: -Dspindle.lincheck.invocations. */
    private static final int INVOCATIONS = Integer.getInteger("spindle.lincheck.invocations", Stress.scaled(4000));

    /** The waiter record of the model: queued guarded by the lock, done a volatile completion flag. */
    private static final class Node {
        boolean queued = true; // registered by the fiber under the lock before the park
        volatile boolean done;
    }

    /** The completer: under the lock, claims and completes the node if still queued; wakes after unlocking. */
    private static WakeAction complete(ModelLock lock, Node n, ModelFiber f) {
        lock.lock();
        boolean mine = n.queued;
        if (mine) {
            n.queued = false;
            n.done = true;
        }
        lock.unlock();
        return mine ? f.transitionToResumed() : WakeAction.NOTHING;
    }

    /** A fiber that holds {@code lock} with its node registered (the state awaitUnlocking is called in). */
    private static ModelFiber lockedRunning(ModelLock lock) {
        ModelFiber f = ModelFiber.running();
        lock.lock();
        return f;
    }

    @Test
    void parkUnlock_vsCompleter() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelLock lock = new ModelLock();
            Node n = new Node();
            ModelFiber f = lockedRunning(lock);
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(2);
            parallel(() -> {
                f.transitionToParkingUnlocking();              // the fiber (lock handed to its carrier), its yield
                got.set(0, f.transitionAfterYield(null, lock)); // the carrier: PARKED, then unlock
            }, () -> got.set(1, complete(lock, n, f)));
            assertWokenOnce(f, got);
            assertTrue(n.done, "the completer never completed the node");
        });
    }

    @Test
    void parkUnlock_vsCompleter_vsCancel_vsUnpark() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelLock lock = new ModelLock();
            Node n = new Node();
            ModelFiber f = lockedRunning(lock);
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(4);
            parallel(() -> {
                f.transitionToParkingUnlocking();
                got.set(0, f.transitionAfterYield(null, lock));
            }, () -> got.set(1, complete(lock, n, f)),
               () -> got.set(2, f.transitionToCancelled()),
               () -> got.set(3, f.transitionToNotified()));    // a third party's unpark: spurious here
            assertWokenOnce(f, got);
        });
    }

    @Test
    void timedParkUnlock_vsCompleter_vsCancel_vsTimer() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelLock lock = new ModelLock();
            Node n = new Node();
            ModelFiber f = lockedRunning(lock);
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(4);
            parallel(() -> {
                f.transitionToTimedParkingUnlocking(0);
                got.set(0, f.transitionAfterYield(null, lock)); // registers the timer, TIMED_PARKED, unlock
                got.set(1, f.transitionOnTimer(f.registered)); // the timer fires later on the same carrier
            }, () -> got.set(2, complete(lock, n, f)),
               () -> got.set(3, f.transitionToCancelled()));
            assertWokenOnce(f, got);
        });
    }

    @Test
    void staleResume_afterASpuriousWakeUp_wakesTheNextParkAtMostOnce() {
        // The fiber was resumed by a third party's unpark, found its node not done, re-locked and
        // parked again; the completer completes the node and resumes it. Meanwhile the unpark's
        // permit is still set (park-with-unlock leaves it alone): it must not cause a second submit.
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelLock lock = new ModelLock();
            Node n = new Node();
            ModelFiber f = lockedRunning(lock);
            f.transitionToParkingUnlocking();
            assertEquals(WakeAction.NOTHING, f.transitionAfterYield(null, lock));
            assertEquals(WakeAction.SUBMIT_WOKEN, f.transitionToNotified()); // spurious wake-up
            f.transitionToRunning();
            lock.lock();                                       // awaitUnlocking re-locks: not done
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(3);
            parallel(() -> {
                f.transitionToParkingUnlocking();
                got.set(0, f.transitionAfterYield(null, lock));      // the permit is set: must be ignored here
            }, () -> got.set(1, complete(lock, n, f)),
               () -> got.set(2, f.transitionToNotified()));    // and a second unpark: NOTHING (permit set)
            assertWokenOnce(f, got);
        });
    }

    @Test
    void mutant_unlockBeforeParkedIsPublished_isCaught() {
        // The fiber releases the lock itself, before its carrier publishes PARKED (and afterYield,
        // not told about the lock, falls back to the permit check, which resumeBy never sets).
        AssertionError found = assertThrows(AssertionError.class, () ->
                Lincheck.runConcurrentTest(INVOCATIONS, () -> {
                    ModelLock lock = new ModelLock();
                    Node n = new Node();
                    ModelFiber f = lockedRunning(lock);
                    AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(2);
                    parallel(() -> {
                        f.transitionToParking();
                        lock.unlock();                         // the mutant: too early
                        got.set(0, f.transitionAfterYield(null, null)); // afterYield not given the lock
                    }, () -> got.set(1, complete(lock, n, f)));
                    assertWokenOnce(f, got);
                }));
        assertTrue(String.valueOf(found.getMessage()).contains("submits"),
                "Lincheck failed for another reason than the lost wake-up: " + found.getMessage());
    }
}
