package io.spindle.kitdemo;

import static io.spindle.kitdemo.Polling.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.SynchronizedParkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The primitive-building kit, used as a third party would: {@link OneShotLatch} is built only from
 * public API (it lives outside io.spindle.runtime) and is tested from fibers and plain threads.
 */
@Timeout(60)
class OneShotLatchTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2, 4})
    void givenFibersAndThreadsWaiting_whenOpened_thenEveryOneIsReleasedAndNoneBefore(int carriers) throws Exception {
        OneShotLatch latch = new OneShotLatch();
        AtomicInteger released = new AtomicInteger();
        int fibers = 200;
        int threads = 3;
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < fibers; i++) {
                fs.add(rt.spawn(() -> {
                    latch.await();
                    released.incrementAndGet();
                    return null;
                }));
            }
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        latch.await();
                        released.incrementAndGet();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                t.start();
                ts.add(t);
            }
            waitUntil(() -> latch.waiterCount() == fibers + threads, "every waiter registered");
            assertEquals(0, released.get(), "released before open");
            // opened from a fiber (wakes go to its carrier) after the waiters parked
            rt.spawn(latch::open).join();
            for (Fiber<Void> f : fs) {
                f.join();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(fibers + threads, released.get());
            assertEquals(0, latch.waiterCount());
            // once open, await returns at once, in a fiber and on a thread
            rt.spawn(() -> {
                latch.await();
                return null;
            }).join();
            latch.await();
            assertTrue(latch.isOpen());
        }
    }

    @Test
    void givenATimedWait_whenTheLatchStaysClosed_thenItTimesOutAndWithdraws() throws Exception {
        OneShotLatch latch = new OneShotLatch();
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            assertFalse(rt.spawn(() -> latch.await(Duration.ofMillis(20))).join(), "fiber");
            assertFalse(latch.await(Duration.ofMillis(20)), "thread");
            assertEquals(0, latch.waiterCount());
            // huge timeouts saturate: a wait of Long.MAX_VALUE seconds is "forever", and open() ends it
            Fiber<Boolean> f = rt.spawn(() -> latch.await(Duration.ofSeconds(Long.MAX_VALUE)));
            waitUntil(() -> latch.waiterCount() == 1, "the timed waiter registered");
            latch.open();
            assertTrue(f.join());
        }
    }

    @Test
    void givenAWaitingFiber_whenCancelled_thenItGetsFiberCancelledExceptionAndWithdraws() throws Exception {
        OneShotLatch latch = new OneShotLatch();
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
            assertFalse(latch.isOpen());
        }
    }

    @Test
    void givenAWaitingThread_whenInterrupted_thenItGetsInterruptedExceptionAndWithdraws() throws Exception {
        OneShotLatch latch = new OneShotLatch();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                seen.set(e);
            }
        });
        t.start();
        waitUntil(() -> latch.waiterCount() == 1, "the thread registered");
        t.interrupt();
        t.join();
        assertInstanceOf(InterruptedException.class, seen.get());
        assertEquals(0, latch.waiterCount());
    }

    @ParameterizedTest(name = "checkRefusal={0}")
    @ValueSource(booleans = {true, false})
    void givenDiagnostics_whenAFiberWaitsInsideSynchronized_thenItIsRefusedAndNothingStaysRegistered(
            boolean checkRefusal) throws Exception {
        // true: the latch checks ParkLoop.parkRefusal before registering; false: it does not, and
        // ParkLoop.await itself withdraws the registration when the park is refused.
        OneShotLatch latch = new OneShotLatch(checkRefusal);
        Object monitor = new Object();
        try (Runtime rt = Runtime.builder().carriers(1).diagnostics(true).build()) {
            Fiber<Throwable> f = rt.spawn(() -> {
                try {
                    synchronized (monitor) {
                        latch.await();
                    }
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertInstanceOf(SynchronizedParkException.class, f.join());
            assertEquals(0, latch.waiterCount(), "a refused waiter stayed registered");
            // the latch still works for a well-behaved waiter
            Fiber<Void> ok = rt.spawn(() -> {
                latch.await();
                return null;
            });
            waitUntil(() -> latch.waiterCount() == 1, "the second waiter registered");
            latch.open();
            ok.join();
        }
    }

    @Test
    void givenRefusedParksRacingWithOpen_whenTheLatchDoesNotCheckFirst_thenCompletionWinsOrNothingStaysRegistered()
            throws Exception {
        // The second line of defence alone: ParkLoop.await withdraws the registration of a refused
        // park, unless open() completed it first, in which case the await returns normally.
        int rounds = System.getenv("CI") != null ? 100 : 400;
        int refused = 0;
        int completed = 0;
        try (Runtime rt = Runtime.builder().carriers(2).diagnostics(true).build()) {
            for (int i = 0; i < rounds; i++) {
                OneShotLatch latch = new OneShotLatch(false);
                Object monitor = new Object();
                AtomicBoolean waiterDone = new AtomicBoolean();
                Fiber<Boolean> waiter = rt.spawn(() -> {
                    try {
                        synchronized (monitor) {
                            latch.await();
                        }
                        return true;
                    } catch (SynchronizedParkException e) {
                        return false;
                    } finally {
                        waiterDone.set(true);
                    }
                });
                // open as soon as the waiter is registered: races with the refusal of its park
                Fiber<Void> opener = rt.spawn(() -> {
                    while (latch.waiterCount() == 0 && !waiterDone.get()) {
                        Fiber.yieldNow(); // never holds a carrier the waiter might need
                    }
                    latch.open();
                });
                boolean returned = waiter.join();
                opener.join();
                assertEquals(0, latch.waiterCount(), "round " + i + ": a waiter stayed registered");
                assertTrue(latch.isOpen());
                if (returned) {
                    completed++;
                } else {
                    refused++;
                }
            }
        }
        assertEquals(rounds, refused + completed);
        System.out.println("refused-park race: refused=" + refused + " completedFirst=" + completed);
    }

    @Test
    void givenANullTimeout_whenAwaiting_thenNullPointerException() {
        OneShotLatch latch = new OneShotLatch();
        assertThrows(NullPointerException.class, () -> latch.await(null));
        assertEquals(0, latch.waiterCount());
    }
}
