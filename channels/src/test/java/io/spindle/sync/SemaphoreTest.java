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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SemaphoreTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenThreePermits_whenManyFibersCompete_thenAtMostThreeAreInsideAndAllFinish(int carriers) {
        runIn(carriers, () -> {
            Semaphore s = new Semaphore(3);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(Fiber.spawn(() -> {
                    for (int k = 0; k < 50; k++) {
                        s.acquire();
                        max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Fiber.yieldNow();
                        inside.decrementAndGet();
                        s.release();
                    }
                }));
            }
            fs.forEach(Fiber::join);
            assertTrue(max.get() <= 3, "max inside " + max.get());
            assertEquals(3, s.availablePermits());
            assertEquals(0, s.waiterCount());
        });
    }

    @Test
    void givenALargeRequestFirstInLine_whenSmallOnesArriveLater_thenItIsServedFirst() {
        runIn(2, () -> {
            Semaphore s = new Semaphore(0);
            Fiber<Void> big = Fiber.spawn(() -> s.acquire(2));
            awaitTrue(() -> s.waiterCount() == 1, "big queued");
            Fiber<Void> small = Fiber.spawn(() -> s.acquire(1));
            awaitTrue(() -> s.waiterCount() == 2, "small queued");
            s.release(1);
            assertEquals(2, s.waiterCount(), "FIFO: the small request does not overtake the big one");
            assertFalse(s.tryAcquire(), "the free permit is kept for the head");
            s.release(1);
            big.join();
            assertEquals(1, s.waiterCount(), "big got both permits, small still waits");
            s.release(1);
            small.join();
            assertEquals(0, s.availablePermits());
        });
    }

    @Test
    void givenTheHeadWaiterGivesUp_whenTheNextFits_thenTheNextIsWoken() {
        runIn(2, () -> {
            Semaphore s = new Semaphore(1);
            Fiber<Void> big = Fiber.spawn(() -> s.acquire(5));
            awaitTrue(() -> s.waiterCount() == 1, "big queued");
            Fiber<Void> small = Fiber.spawn(() -> s.acquire(1));
            awaitTrue(() -> s.waiterCount() == 2, "small queued");
            big.cancel();
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, big::join).getCause());
            small.join();
            assertEquals(0, s.availablePermits());
            assertEquals(0, s.waiterCount());
        });
    }

    @Test
    void givenNoPermits_whenTryAcquireWithTimeout_thenFalseAndNothingChanges() {
        runIn(1, () -> {
            Semaphore s = new Semaphore(0);
            assertFalse(s.tryAcquire(1, Duration.ofMillis(5)));
            assertEquals(0, s.waiterCount());
            s.release();
            assertTrue(s.tryAcquire(1, Duration.ofMillis(5)));
            assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        });
    }
}
