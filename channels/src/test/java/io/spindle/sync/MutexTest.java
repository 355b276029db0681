package io.spindle.sync;

import static io.spindle.channels.TestSupport.awaitTrue;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.channels.TestSupport;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MutexTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenFibersAndThreadsIncrementing_whenUnderTheMutex_thenNoUpdateIsLostAndNobodyOverlaps(int carriers) throws Exception {
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int fibers = 8;
        int threads = 2;
        int each = 2_000;
        Runnable body = () -> {
            for (int i = 0; i < each; i++) {
                m.lock();
                try {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    counter[0]++;
                    if (i % 64 == 0) {
                        Fiber.yieldNow(); // park-free yield while holding: others must queue, not enter
                    }
                    inside.decrementAndGet();
                } finally {
                    m.unlock();
                }
            }
        };
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < fibers; i++) {
                fs.add(rt.spawn(body));
            }
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ts.add(Thread.ofPlatform().start(body));
            }
            fs.forEach(Fiber::join);
            for (Thread t : ts) {
                t.join();
            }
        }
        assertEquals((fibers + threads) * each, counter[0]);
        assertEquals(0, overlaps.get());
        assertFalse(m.isLocked());
        assertEquals(0, m.waiterCount());
    }

    @Test
    void givenAMutexHeldByAnother_whenUnlocking_thenIllegalMonitorState() {
        runIn(2, () -> {
            Mutex m = new Mutex();
            assertThrows(IllegalMonitorStateException.class, m::unlock, "unlocked mutex");
            m.lock();
            Fiber<Void> other = Fiber.spawn(m::unlock);
            assertInstanceOf(IllegalMonitorStateException.class, assertThrows(CompletionException.class, other::join).getCause());
            assertTrue(m.isHeldByCurrentStrand());
            m.unlock();
        });
    }

    @Test
    void givenTheOwner_whenLockingAgain_thenIllegalStateNotDeadlock() {
        runIn(1, () -> {
            Mutex m = new Mutex();
            m.lock();
            assertThrows(IllegalStateException.class, m::lock);
            m.unlock();
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenWaitersQueuedInOrder_whenTheOwnerUnlocks_thenTheyGetTheLockFifo(int carriers) {
        runIn(carriers, () -> {
            Mutex m = new Mutex();
            List<Integer> order = new CopyOnWriteArrayList<>();
            m.lock();
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                fs.add(Fiber.spawn(() -> {
                    m.lock();
                    order.add(id);
                    m.unlock();
                }));
                int expect = i + 1;
                awaitTrue(() -> m.waiterCount() == expect, "waiter " + i + " queued");
            }
            assertFalse(m.tryLock(), "no barging while others wait");
            m.unlock();
            fs.forEach(Fiber::join);
            assertEquals(List.of(0, 1, 2, 3, 4, 5), order);
        });
    }

    @Test
    void givenAHeldMutex_whenTryLockWithTimeout_thenFalseAndNoWaiterIsLeft() {
        runIn(2, () -> {
            Mutex m = new Mutex();
            m.lock();
            Fiber<Boolean> f = Fiber.spawn(() -> m.tryLock(5, TimeUnit.MILLISECONDS));
            assertFalse(f.join());
            assertEquals(0, m.waiterCount());
            m.unlock();
            assertTrue(Fiber.spawn(() -> {
                boolean ok = m.tryLock(1, TimeUnit.SECONDS);
                m.unlock();
                return ok;
            }).join());
        });
    }

    @Test
    void givenAThreadInLockInterruptibly_whenInterrupted_thenInterruptedExceptionAndNotOwner() throws Exception {
        Mutex m = new Mutex();
        m.lock();
        AtomicInteger outcome = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                m.lockInterruptibly();
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(Thread.currentThread().isInterrupted() ? 3 : 2); // j.u.c: status cleared
            }
        });
        awaitTrue(() -> m.waiterCount() == 1, "thread queued");
        t.interrupt();
        t.join();
        assertEquals(2, outcome.get());
        assertEquals(0, m.waiterCount());
        m.unlock();
        assertFalse(m.isLocked());
    }

    @Test
    void givenAFiberWaitingForTheLock_whenCancelled_thenItThrowsCancelledAndDoesNotHoldIt() {
        runIn(2, () -> {
            Mutex m = new Mutex();
            m.lock();
            Fiber<Void> f = Fiber.spawn(m::lock);
            awaitTrue(() -> m.waiterCount() == 1, "fiber queued");
            f.cancel();
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, f::join).getCause());
            assertEquals(0, m.waiterCount());
            m.unlock();
            assertTrue(m.tryLock(), "nobody else got it");
            m.unlock();
        });
    }
}
