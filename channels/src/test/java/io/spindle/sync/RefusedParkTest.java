package io.spindle.sync;

import static io.spindle.channels.RefusalSupport.assertRefused;
import static io.spindle.channels.RefusalSupport.runInDiagnostics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: in diagnostic mode a sync operation whose park is refused inside {@code synchronized}
 * (SynchronizedParkException) leaves nothing behind: no queued waiter, no lock or permit handed to
 * the refused strand, and a condition wait that is refused still holds its mutex.
 */
@Timeout(120)
class RefusedParkTest {
    private static final long LONG_NANOS = TimeUnit.MINUTES.toNanos(5);

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenAHeldMutex_whenLockIsRefused_thenUnlockFreesItInsteadOfHandingItToTheRefusedFiber(int carriers)
            throws Exception {
        runInDiagnostics(carriers, () -> {
            for (int variant = 0; variant < 3; variant++) {
                Mutex m = new Mutex();
                Thread holder = lockOnThread(m);
                int v = variant;
                assertRefused(() -> {
                    switch (v) {
                        case 0 -> m.lock();
                        case 1 -> m.lockInterruptibly();
                        default -> m.tryLock(LONG_NANOS, TimeUnit.NANOSECONDS);
                    }
                });
                assertEquals(0, m.waiterCount(), "variant " + v + ": a waiter stayed queued");
                unlockOnThread(holder, m);
                assertFalse(m.isLocked(), "variant " + v + ": the mutex went to the refused fiber");
                assertTrue(m.tryLock(), "variant " + v);
                m.unlock();
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenAConditionWait_whenItIsRefused_thenTheMutexIsStillHeldAndNothingIsQueued(int carriers)
            throws Exception {
        runInDiagnostics(carriers, () -> {
            for (int variant = 0; variant < 4; variant++) {
                Mutex m = new Mutex();
                Condition c = m.newCondition();
                int v = variant;
                m.lock();
                try {
                    assertRefused(() -> {
                        switch (v) {
                            case 0 -> c.await();
                            case 1 -> c.awaitUninterruptibly();
                            case 2 -> c.awaitNanos(LONG_NANOS);
                            default -> c.await(5, TimeUnit.MINUTES);
                        }
                    });
                    assertTrue(m.isHeldByCurrentStrand(), "variant " + v + ": the refused wait released the mutex");
                    assertEquals(0, ((MutexCondition) c).waiterCount(), "variant " + v + ": left on the condition");
                    assertEquals(0, m.waiterCount(), "variant " + v + ": left on the mutex");
                } finally {
                    m.unlock();
                }
                assertFalse(m.isLocked(), "variant " + v);
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenNoPermits_whenAnAcquireIsRefused_thenAReleasedPermitStaysAvailable(int carriers) throws Exception {
        runInDiagnostics(carriers, () -> {
            for (boolean timed : new boolean[] {false, true}) {
                Semaphore s = new Semaphore(0);
                assertRefused(() -> {
                    if (timed) {
                        s.tryAcquire(1, Duration.ofMinutes(5));
                    } else {
                        s.acquire();
                    }
                });
                assertEquals(0, s.waiterCount(), "timed=" + timed);
                s.release();
                assertEquals(1, s.availablePermits(), "timed=" + timed + ": the permit went to the refused fiber");
                assertTrue(s.tryAcquire());
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenAPendingWaitGroup_whenAnAwaitIsRefused_thenNoWaiterStaysQueued(int carriers) throws Exception {
        runInDiagnostics(carriers, () -> {
            for (boolean timed : new boolean[] {false, true}) {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                assertRefused(() -> {
                    if (timed) {
                        wg.await(Duration.ofMinutes(5));
                    } else {
                        wg.await();
                    }
                });
                assertEquals(0, wg.waiterCount(), "timed=" + timed);
                wg.done();
                assertTrue(wg.await(Duration.ZERO));
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenARunningOnce_whenAWaitIsRefused_thenNoWaiterStaysQueued(int carriers) throws Exception {
        runInDiagnostics(carriers, () -> {
            Once once = new Once();
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Thread runner = new Thread(() -> once.run(() -> {
                running.countDown();
                awaitUninterruptibly(finish);
            }));
            runner.start();
            awaitUninterruptibly(running);
            int[] ran = {0};
            assertRefused(() -> once.run(() -> ran[0]++));
            assertEquals(0, once.waiterCount());
            finish.countDown();
            runner.join();
            assertTrue(once.isDone());
            once.run(() -> ran[0]++);
            assertEquals(0, ran[0], "an action ran twice");
        });
    }

    /** Locks {@code m} on a new plain thread, which keeps it until {@link #unlockOnThread}. */
    private static Thread lockOnThread(Mutex m) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            m.lock();
            locked.countDown();
            parkUntilInterrupted();
            m.unlock();
        }, "mutex-holder");
        t.start();
        locked.await();
        return t;
    }

    private static void unlockOnThread(Thread holder, Mutex m) throws InterruptedException {
        holder.interrupt();
        holder.join();
    }

    private static void awaitUninterruptibly(CountDownLatch l) {
        while (true) {
            try {
                l.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }

    /** Parks the current plain thread until it is interrupted. */
    private static void parkUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }
}
