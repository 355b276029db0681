package io.spindle.kitdemo;

import static io.spindle.kitdemo.Polling.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Runtime;
import io.spindle.testsupport.Stress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kit's park-with-unlock ({@link ParkLoop#awaitUnlocking}, {@code Strand.resumeBy}) used by a
 * third party ({@link UnlockingLatch}): fibers and threads released by open, none before; timeouts
 * and cancellation withdraw; a pinned fiber (its yield fails) is woken by resumeBy; and many
 * rounds of waits racing open, with logged seeds, leave nothing registered and nobody parked.
 */
@Timeout(120)
class UnlockingLatchTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2, 4})
    void givenFibersAndThreadsWaiting_whenOpened_thenEveryOneIsReleasedAndNoneBefore(int carriers) throws Exception {
        UnlockingLatch latch = new UnlockingLatch();
        AtomicInteger released = new AtomicInteger();
        int fibers = 200;
        int threads = 3;
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < fibers; i++) {
                fs.add(rt.spawn(() -> {
                    assertEquals(ParkLoop.COMPLETED, latch.await());
                    released.incrementAndGet();
                    return null;
                }));
            }
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    latch.await();
                    released.incrementAndGet();
                });
                t.start();
                ts.add(t);
            }
            waitUntil(() -> latch.waiterCount() == fibers + threads, "every waiter registered");
            assertEquals(0, released.get(), "released before open");
            rt.spawn(latch::open).join();
            for (Fiber<Void> f : fs) {
                f.join();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(fibers + threads, released.get());
            assertEquals(0, latch.waiterCount());
        }
    }

    @Test
    void givenATimedWait_whenTheLatchStaysClosed_thenItTimesOutAndWithdraws() throws Exception {
        UnlockingLatch latch = new UnlockingLatch();
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            assertFalse(rt.spawn(() -> latch.await(Duration.ofMillis(20))).join(), "fiber");
            assertFalse(latch.await(Duration.ofMillis(20)), "thread");
            assertEquals(0, latch.waiterCount());
        }
    }

    @Test
    void givenAWaitingFiber_whenCancelled_thenItGetsFiberCancelledExceptionAndWithdraws() throws Exception {
        UnlockingLatch latch = new UnlockingLatch();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            Fiber<Void> f = rt.spawn(() -> {
                try {
                    latch.await();
                } catch (FiberCancelledException e) {
                    seen.set(e);
                }
                return null;
            });
            waitUntil(() -> latch.waiterCount() == 1, "the fiber registered");
            f.cancel();
            waitUntil(f::isDone, "the cancelled fiber ended");
            assertInstanceOf(FiberCancelledException.class, seen.get());
            assertEquals(0, latch.waiterCount());
        }
    }

    @Test
    void givenAPinnedFiber_whenItWaits_thenItReleasesTheLockItselfAndOpenWakesItsCarrier() throws Exception {
        UnlockingLatch latch = new UnlockingLatch();
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            long pinnedBefore = rt.stats().pinned();
            Fiber<Integer> f = rt.spawn(() -> {
                Continuation.pin(); // the yield fails: the fiber blocks its carrier
                try {
                    return latch.await();
                } finally {
                    Continuation.unpin();
                }
            });
            // the lock was released by the pinned fiber itself: waiterCount (which locks) answers
            waitUntil(() -> latch.waiterCount() == 1, "the pinned fiber registered");
            waitUntil(() -> rt.stats().pinned() > pinnedBefore, "the pinned park was counted");
            latch.open(); // from a thread: resumeBy finds PINNED, sets the permit, unparks the carrier
            assertEquals(ParkLoop.COMPLETED, f.join());
            assertEquals(0, latch.waiterCount());
        }
    }

    @Test
    void givenWaitsRacingOpen_whenRepeated_thenEveryWaiterIsReleasedAndNothingStaysRegistered() throws Exception {
        long seed = Stress.seed("UnlockingLatchTest.race");
        Random rnd = new Random(seed);
        int rounds = Stress.scaled(300);
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            for (int r = 0; r < rounds; r++) {
                UnlockingLatch latch = new UnlockingLatch();
                int n = 1 + rnd.nextInt(8);
                boolean timed = rnd.nextBoolean();
                List<Fiber<Boolean>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    fs.add(rt.spawn(() -> timed ? latch.await(Duration.ofSeconds(30))
                            : latch.await() == ParkLoop.COMPLETED));
                }
                if (rnd.nextBoolean()) {
                    Thread.onSpinWait();
                } else {
                    Thread.sleep(0, rnd.nextInt(50_000));
                }
                rt.spawn(latch::open).join();
                for (Fiber<Boolean> f : fs) {
                    assertTrue(f.join(), "round " + r + " (seed " + seed + ")");
                }
                assertEquals(0, latch.waiterCount(), "round " + r + " (seed " + seed + ")");
            }
            assertTrue(rt.fibers().isEmpty(), "fibers left (seed " + seed + ")");
        }
    }
}
