package io.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.channels.TestSupport;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import io.spindle.testsupport.FiberFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Park-with-unlock in the sync primitives under stress (WaitList.awaitUnlocking; completers wake
 * with Strand.resumeBy): fibers on 1, 2 and 4 carriers plus a plain thread take a {@link Mutex}
 * (lock, and tryLock with random short timeouts), a {@link Semaphore} of 2 permits (acquire, and
 * tryAcquire with timeouts) and wait on a {@link MutexCondition}; some waits are made by fibers
 * cancelled at random moments. Seeds are logged. Invariants: nobody overlaps in the mutex, at most 2
 * hold the semaphore, every counted entry happened exactly once (a plain counter under the mutex
 * equals the atomic count of successful entries), and at the end the mutex is free, the semaphore
 * has its 2 permits, no waiter is queued and no fiber is left.
 */
class ParkUnlockSyncStressTest {

    @ParameterizedTest(name = "carriers={0}")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(240)
    void givenMutexSemaphoreAndConditionWaitsWithTimeoutsAndCancellations_thenNothingIsLostOrLeftParked(int carriers)
            throws Exception {
        long seed = TestSupport.seed("ParkUnlockSyncStressTest x" + carriers);
        int workers = 6;
        int each = TestSupport.iterations(3_000);
        Mutex m = new Mutex();
        MutexCondition cond = (MutexCondition) m.newCondition();
        Semaphore sem = new Semaphore(2);
        int[] plain = {0};                        // guarded by m
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger inMutex = new AtomicInteger();
        AtomicInteger inSem = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicReference<Throwable> threadFailure = new AtomicReference<>();
        long giveUp = System.nanoTime() + Duration.ofSeconds(2 * 60).toNanos();
        Body body = new Body(m, cond, sem, plain, entered, inMutex, inSem, violations);
        try (Runtime rt = Runtime.builder().carriers(carriers).deadlockGrace(null)
                .exceptionHandler(new FiberFailures()).build()) {
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Random rnd = new Random(seed + w);
                fs.add(rt.spawn(() -> body.run(rnd, each, true)));
            }
            Thread t = new Thread(() -> {
                try {
                    body.run(new Random(seed + 99), each / 4, false);
                } catch (Throwable e) {
                    threadFailure.compareAndSet(null, e);
                }
            }, "park-unlock-sync-thread");
            t.start();
            for (Fiber<Void> f : fs) {
                try {
                    f.get(Math.max(1, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException hung) {
                    System.err.println(TestSupport.dump(rt));
                    throw new AssertionError("a worker hung (seed " + seed + "); fiber dump on stderr");
                } catch (ExecutionException e) {
                    throw new AssertionError("a worker failed (seed " + seed + ")", e.getCause());
                }
            }
            t.join(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
            assertFalse(t.isAlive(), "the thread worker hung (seed " + seed + ")");
            if (threadFailure.get() != null) {
                throw new AssertionError("the thread worker failed (seed " + seed + ")", threadFailure.get());
            }
            // a last signalAll for condition waiters that may still wait (they time out anyway)
            m.lock();
            try {
                cond.signalAll();
            } finally {
                m.unlock();
            }
            TestSupport.awaitTrue(() -> rt.fibers().isEmpty(), "every fiber ended (seed " + seed + ")");
        }
        assertEquals(0, violations.get(), "overlaps in the mutex or more than 2 semaphore holders (seed " + seed + ")");
        assertEquals(entered.get(), plain[0], "entries under the mutex lost or doubled (seed " + seed + ")");
        assertTrue(entered.get() > 0, "nobody entered the mutex (seed " + seed + ")");
        assertFalse(m.isLocked(), "the mutex is still locked (seed " + seed + ")");
        assertEquals(0, m.waiterCount(), "mutex waiters left (seed " + seed + ")");
        assertEquals(2, sem.availablePermits(), "semaphore permits lost or duplicated (seed " + seed + ")");
        assertEquals(0, sem.waiterCount(), "semaphore waiters left (seed " + seed + ")");
        assertEquals(0, cond.waiterCount(), "condition waiters left (seed " + seed + ")");
    }

    private record Body(Mutex m, MutexCondition cond, Semaphore sem, int[] plain, AtomicInteger entered,
                        AtomicInteger inMutex, AtomicInteger inSem, AtomicInteger violations) {

        void run(Random rnd, int n, boolean inFiber) {
            for (int i = 0; i < n; i++) {
                int mode = rnd.nextInt(inFiber ? 6 : 4);
                try {
                    switch (mode) {
                        case 0 -> {
                            m.lock();
                            critical();
                        }
                        case 1 -> {
                            if (m.tryLock(rnd.nextInt(50_000) + 1, TimeUnit.NANOSECONDS)) {
                                critical();
                            }
                        }
                        case 2 -> {
                            if (sem.tryAcquire(1, Duration.ofNanos(rnd.nextInt(50_000) + 1))) {
                                semaphore();
                            }
                        }
                        case 3 -> {
                            m.lock();
                            try {
                                if (rnd.nextBoolean()) {
                                    cond.signal();
                                } else {
                                    cond.await(rnd.nextInt(100_000) + 1, TimeUnit.NANOSECONDS); // woken or timed out
                                }
                            } finally {
                                m.unlock();
                            }
                        }
                        case 4 -> {
                            sem.acquire();
                            semaphore();
                        }
                        default -> inCancellableFiber(rnd);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }

        /** Holding m: checks exclusion, counts one entry, releases. */
        private void critical() {
            try {
                if (inMutex.incrementAndGet() != 1) {
                    violations.incrementAndGet();
                }
                plain[0]++;
                entered.incrementAndGet();
                inMutex.decrementAndGet();
            } finally {
                m.unlock();
            }
        }

        /** Holding one permit: checks at most 2 holders, releases. */
        private void semaphore() {
            try {
                if (inSem.incrementAndGet() > 2) {
                    violations.incrementAndGet();
                }
                inSem.decrementAndGet();
            } finally {
                sem.release();
            }
        }

        /** A lock or acquire by a fiber that may be cancelled while it waits: it entered or it left nothing. */
        private void inCancellableFiber(Random rnd) {
            boolean useMutex = rnd.nextBoolean();
            Fiber<Void> f = Fiber.spawn(() -> {
                if (useMutex) {
                    m.lock();
                    critical();
                } else {
                    sem.acquire();
                    semaphore();
                }
            });
            if (rnd.nextInt(3) == 0) {
                if (rnd.nextBoolean()) {
                    Fiber.yieldNow();
                }
                f.cancel();
            }
            try {
                f.join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof FiberCancelledException)) {
                    throw e;
                }
            }
        }
    }
}
