package io.spindle.runtime.internal.fiber;

import static io.spindle.runtime.internal.fiber.ParkModels.assertWokenOnce;
import static io.spindle.runtime.internal.fiber.ParkModels.parallel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.testsupport.Stress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking of the park protocol (FiberCore's overview: Park protocol) with Lincheck's model
 * checker: each test runs the racing transitions of one park on real threads, and Lincheck
 * explores their interleavings (every switch point at a shared-memory access), checking after each
 * one that the fiber was woken exactly once: exactly one actor got a submit action, and the fiber
 * ended RUNNABLE (in a run queue), never left PARKED with a wake-up pending (a lost wake-up) nor
 * submitted twice (a duplicate).
 *
 * <p>The actors are the transitions FiberCore extracts: the fiber's side (transitionToParking /
 * transitionToTimedParking / transitionToYielding, just before its yield), the carrier's
 * afterYield (transitionAfterYield), unpark (transitionToNotified), cancel (transitionToCancelled)
 * and the timer (transitionOnTimer, fired on the carrier that registered it, after afterYield).
 *
 * <p>Scope: Lincheck explores interleavings under sequential consistency. It catches every
 * protocol bug visible in some interleaving (a missing recheck, a missing CAS); it cannot catch a
 * bug that needs a weaker memory order (a volatile load passing an earlier release store, the
 * StoreLoad reordering behind the lost wake-up fixed in cf51787): that one needs jcstress on real
 * hardware or a stress test such as channels' MigrationStressTest.
 */
@Tag("lincheck") // Lincheck's agent instruments its JVM: own surefire execution (runtime/pom.xml)
@Timeout(600)
class ParkProtocolModelTest {
    /** Interleavings explored per test. Override: -Dspindle.lincheck.invocations. */
    private static final int INVOCATIONS = Integer.getInteger("spindle.lincheck.invocations", Stress.scaled(4000));

    @Test
    void untimedPark_vsUnpark() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelFiber f = ModelFiber.running();
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(2);
            parallel(() -> {
                f.transitionToParking();                       // the fiber, then its yield
                got.set(0, f.transitionAfterYield(null, null));      // the carrier, after the unmount
            }, () -> got.set(1, f.transitionToNotified()));    // unpark from another thread
            assertWokenOnce(f, got);
        });
    }

    @Test
    void untimedPark_vsUnpark_vsCancel() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelFiber f = ModelFiber.running();
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(3);
            parallel(() -> {
                f.transitionToParking();
                got.set(0, f.transitionAfterYield(null, null));
            }, () -> got.set(1, f.transitionToNotified()),
               () -> got.set(2, f.transitionToCancelled()));
            assertWokenOnce(f, got);
        });
    }

    @Test
    void timedPark_vsUnpark_vsCancel_vsTimer() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelFiber f = ModelFiber.running();
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(4);
            parallel(() -> {
                f.transitionToTimedParking(0);
                got.set(0, f.transitionAfterYield(null, null));      // registers the timer on "its worker"
                got.set(1, f.transitionOnTimer(f.registered)); // which fires later, on the same carrier
            }, () -> got.set(2, f.transitionToNotified()),
               () -> got.set(3, f.transitionToCancelled()));
            assertWokenOnce(f, got);
        });
    }

    @Test
    void yield_vsUnpark() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelFiber f = ModelFiber.running();
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(2);
            parallel(() -> {
                f.transitionToYielding();
                got.set(0, f.transitionAfterYield(null, null));      // back of the queue, always
            }, () -> got.set(1, f.transitionToNotified()));    // leaves the permit for the next park
            assertWokenOnce(f, got);
        });
    }

    @Test
    void staleTimer_neverWakesTheNextPark() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ModelFiber f = ModelFiber.running();
            FiberTimer first = f.transitionToTimedParking(0);
            assertEquals(WakeAction.NOTHING, f.transitionAfterYield(null, null));
            assertEquals(WakeAction.SUBMIT_WOKEN, f.transitionToNotified()); // woken before its timer
            f.transitionToRunning();                           // resumed on another carrier...
            f.timedParkEnded(first);
            f.permitConsumed();
            AtomicReferenceArray<WakeAction> got = new AtomicReferenceArray<>(2);
            parallel(() -> {
                f.transitionToTimedParking(0);                 // ... and parks again, timed
                got.set(0, f.transitionAfterYield(null, null));
            }, () -> got.set(1, f.transitionOnTimer(first)));  // the old worker fires the first timer late
            assertEquals(WakeAction.NOTHING, got.get(0));
            assertEquals(WakeAction.NOTHING, got.get(1), "a stale timer woke a later park");
            assertEquals(FiberStates.TIMED_PARKED, f.stateCode());
        });
    }
}
