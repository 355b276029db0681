package io.spindle.sync;

import static io.spindle.channels.TestSupport.awaitTrue;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 4 for io.spindle.sync: huge timeouts (Duration, long + TimeUnit, Date) mean "no
 * timeout in practice", hugely negative ones "already expired"; none throws ArithmeticException.
 */
@Timeout(120)
class HugeTimeoutTest {
    static final List<Duration> HUGE = List.of(
            Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofNanos(Long.MAX_VALUE));

    static Stream<Arguments> hugeOnOneAndTwoCarriers() {
        return HUGE.stream().flatMap(d -> Stream.of(1, 2).map(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("hugeOnOneAndTwoCarriers")
    void givenAHugeTimeout_whenASemaphoreAcquireWaits_thenItWaitsForTheRelease(Duration huge, int carriers) {
        runIn(carriers, () -> {
            Semaphore s = new Semaphore(0);
            Fiber<Boolean> f = Fiber.spawn(() -> s.tryAcquire(1, huge));
            awaitTrue(() -> s.waiterCount() == 1, "the acquirer queued");
            s.release();
            assertTrue(f.join());
            assertEquals(0, s.availablePermits());
        });
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("hugeOnOneAndTwoCarriers")
    void givenAHugeTimeout_whenAWaitGroupAwaitWaits_thenItWaitsForDone(Duration huge, int carriers) {
        runIn(carriers, () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Fiber<Boolean> f = Fiber.spawn(() -> wg.await(huge));
            awaitTrue(() -> wg.waiterCount() == 1, "the waiter queued");
            wg.done();
            assertTrue(f.join());
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenHugeTimeouts_whenTryLockWaits_thenItWaitsForTheUnlock(int carriers) {
        runIn(carriers, () -> {
            for (TimeUnit unit : new TimeUnit[] {TimeUnit.NANOSECONDS, TimeUnit.SECONDS, TimeUnit.DAYS}) {
                Mutex m = new Mutex();
                m.lock();
                Fiber<Boolean> f = Fiber.spawn(() -> {
                    boolean got = m.tryLock(Long.MAX_VALUE, unit);
                    if (got) {
                        m.unlock();
                    }
                    return got;
                });
                awaitTrue(() -> m.waiterCount() == 1, "the tryLock queued (" + unit + ")");
                m.unlock();
                assertTrue(f.join(), unit.toString());
                assertFalse(m.isLocked());
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenHugeTimeouts_whenAConditionWaitWaits_thenItWaitsForTheSignal(int carriers) {
        runIn(carriers, () -> {
            for (int variant = 0; variant < 4; variant++) {
                Mutex m = new Mutex();
                Condition c = m.newCondition();
                int v = variant;
                Fiber<Boolean> f = Fiber.spawn(() -> {
                    m.lock();
                    try {
                        return switch (v) {
                            case 0 -> c.await(Long.MAX_VALUE, TimeUnit.DAYS);
                            case 1 -> c.awaitNanos(Long.MAX_VALUE) > 0;
                            case 2 -> c.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                            default -> c.awaitUntil(new Date(Long.MAX_VALUE));
                        };
                    } finally {
                        m.unlock();
                    }
                });
                awaitTrue(() -> ((MutexCondition) c).waiterCount() == 1, "the waiter queued, variant " + v);
                m.lock();
                c.signal();
                m.unlock();
                assertTrue(f.join(), "variant " + v + ": reported a timeout");
                assertFalse(m.isLocked());
            }
        });
    }

    @Test
    void givenHugelyNegativeTimeouts_whenNothingIsReady_thenEveryTimedWaitTimesOutAtOnce() {
        runIn(1, () -> {
            Semaphore s = new Semaphore(0);
            assertFalse(s.tryAcquire(1, Duration.ofSeconds(Long.MIN_VALUE)));
            assertEquals(0, s.waiterCount());
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            assertFalse(wg.await(Duration.ofSeconds(Long.MIN_VALUE)));
            assertEquals(0, wg.waiterCount());
            Mutex m = new Mutex();
            Fiber.spawn(() -> {
                m.lock(); // held by another fiber, so tryLock must wait or time out
                return null;
            }).join();
            assertFalse(m.tryLock(Long.MIN_VALUE, TimeUnit.NANOSECONDS));
            assertFalse(m.tryLock(Long.MIN_VALUE, TimeUnit.DAYS));
            assertEquals(0, m.waiterCount());
            Mutex m2 = new Mutex();
            Condition c = m2.newCondition();
            m2.lock();
            try {
                assertTrue(c.awaitNanos(Long.MIN_VALUE) <= 0);
                assertFalse(c.await(Long.MIN_VALUE, TimeUnit.DAYS));
                assertFalse(c.awaitUntil(new Date(Long.MIN_VALUE)));
                assertTrue(m2.isHeldByCurrentStrand());
                assertEquals(0, ((MutexCondition) c).waiterCount());
            } finally {
                m2.unlock();
            }
        });
    }
}
