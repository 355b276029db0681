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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MutexConditionTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenABoundedBufferOnTwoConditions_whenProducersAndConsumersRun_thenEveryItemPassesOnce(int carriers) {
        long sum = runIn(carriers, () -> {
            Mutex m = new Mutex();
            Condition notFull = m.newCondition();
            Condition notEmpty = m.newCondition();
            ArrayDeque<Integer> buf = new ArrayDeque<>();
            int cap = 4;
            int perProducer = 2_000;
            int producers = 3;
            List<Fiber<Long>> consumers = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Fiber.spawn(() -> {
                    for (int i = 1; i <= perProducer; i++) {
                        m.lock();
                        try {
                            while (buf.size() == cap) {
                                notFull.awaitUninterruptibly();
                            }
                            buf.add(i);
                            notEmpty.signal();
                        } finally {
                            m.unlock();
                        }
                    }
                });
                consumers.add(Fiber.spawn(() -> {
                    long s = 0;
                    for (int i = 0; i < perProducer; i++) {
                        m.lock();
                        try {
                            while (buf.isEmpty()) {
                                notEmpty.await();
                            }
                            s += buf.poll();
                            notFull.signal();
                        } finally {
                            m.unlock();
                        }
                    }
                    return s;
                }));
            }
            long total = 0;
            for (Fiber<Long> c : consumers) {
                total += c.join();
            }
            return total;
        });
        assertEquals(3L * 2_000 * 2_001 / 2, sum);
    }

    @Test
    void givenANonOwner_whenAwaitingOrSignalling_thenIllegalMonitorState() {
        Mutex m = new Mutex();
        Condition c = m.newCondition();
        assertThrows(IllegalMonitorStateException.class, c::await);
        assertThrows(IllegalMonitorStateException.class, c::signal);
        assertThrows(IllegalMonitorStateException.class, c::signalAll);
    }

    @Test
    void givenNoSignal_whenAwaitingWithTimeout_thenFalseAndTheLockIsHeldAgain() {
        runIn(1, () -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            m.lock();
            assertFalse(c.await(5, TimeUnit.MILLISECONDS));
            assertTrue(m.isHeldByCurrentStrand());
            assertEquals(0, ((MutexCondition) c).waiterCount());
            m.unlock();
        });
    }

    @Test
    void givenSeveralWaiters_whenSignalledOneByOneThenAll_thenFifoAndAllWake() {
        runIn(2, () -> {
            Mutex m = new Mutex();
            MutexCondition c = (MutexCondition) m.newCondition();
            List<Integer> woke = new ArrayList<>();
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                fs.add(Fiber.spawn(() -> {
                    m.lock();
                    try {
                        c.awaitUninterruptibly();
                        woke.add(id);
                    } finally {
                        m.unlock();
                    }
                }));
                int expect = i + 1;
                awaitTrue(() -> c.waiterCount() == expect, "waiter " + id);
            }
            m.lock();
            c.signal();
            m.unlock();
            awaitTrue(() -> c.waiterCount() == 3, "one signalled");
            fs.get(0).join();
            m.lock();
            c.signalAll();
            m.unlock();
            fs.forEach(Fiber::join);
            assertEquals(0, woke.get(0), "signal wakes the longest waiter");
            assertEquals(4, woke.size());
        });
    }

    @Test
    void givenAThreadInAwait_whenInterrupted_thenInterruptedExceptionWithTheLockHeld() throws Exception {
        Mutex m = new Mutex();
        MutexCondition c = (MutexCondition) m.newCondition();
        AtomicBoolean heldAfter = new AtomicBoolean();
        AtomicBoolean threw = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            m.lock();
            try {
                c.await();
            } catch (InterruptedException e) {
                threw.set(true);
                heldAfter.set(m.isHeldByCurrentStrand());
            } finally {
                m.unlock();
            }
        });
        awaitTrue(() -> c.waiterCount() == 1, "thread awaits");
        t.interrupt();
        t.join();
        assertTrue(threw.get());
        assertTrue(heldAfter.get());
        assertFalse(m.isLocked());
    }

    @Test
    void givenAFiberInAwait_whenCancelledWhileAnotherHoldsTheLock_thenItsFinallyUnlockIsAcceptedAndNothingLeaks() {
        runIn(2, () -> {
            Mutex m = new Mutex();
            MutexCondition c = (MutexCondition) m.newCondition();
            AtomicInteger unlockErrors = new AtomicInteger();
            Fiber<Void> f = Fiber.spawn(() -> {
                m.lock();
                try {
                    c.awaitUninterruptibly();
                } finally {
                    try {
                        m.unlock();
                    } catch (IllegalMonitorStateException e) {
                        unlockErrors.incrementAndGet();
                    }
                }
            });
            awaitTrue(() -> c.waiterCount() == 1, "fiber awaits");
            m.lock(); // the fiber cannot re-acquire without parking
            f.cancel();
            awaitTrue(f::isDone, "cancelled fiber ends");
            m.unlock();
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, f::join).getCause());
            assertEquals(0, unlockErrors.get());
            assertEquals(0, m.waiterCount());
            assertEquals(0, c.waiterCount());
            assertTrue(m.tryLock(), "the mutex is free again");
            m.unlock();
        });
    }
}
