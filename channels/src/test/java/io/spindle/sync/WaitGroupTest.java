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
import io.spindle.runtime.Runtime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WaitGroupTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenManyFibers_whenEachCallsDone_thenAwaitReturnsAfterAllFinished(int carriers) {
        runIn(carriers, () -> {
            WaitGroup wg = new WaitGroup();
            AtomicInteger finished = new AtomicInteger();
            int n = 200;
            for (int i = 0; i < n; i++) {
                wg.add(1);
                Fiber.spawn(() -> {
                    Fiber.yieldNow();
                    finished.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            assertEquals(n, finished.get());
            assertEquals(0, wg.count());
        });
    }

    @Test
    void givenAZeroCounter_whenDoneIsCalled_thenIllegalStateAndTheCounterIsUnchanged() {
        WaitGroup wg = new WaitGroup();
        assertThrows(IllegalStateException.class, wg::done);
        wg.add(2);
        assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals(2, wg.count());
    }

    @Test
    void givenAZeroCounter_whenAwaiting_thenItReturnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        wg.await();
        assertTrue(wg.await(Duration.ZERO));
    }

    @Test
    void givenAPendingCounter_whenAwaitingWithTimeout_thenFalse() {
        runIn(1, () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            assertFalse(wg.await(Duration.ofMillis(5)));
            wg.done();
            assertTrue(wg.await(Duration.ofMillis(5)));
        });
    }

    @Test
    void givenAThreadWaiting_whenFibersFinish_thenTheThreadIsReleased() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            WaitGroup wg = new WaitGroup();
            wg.add(3);
            for (int i = 0; i < 3; i++) {
                rt.spawn(() -> {
                    Fiber.sleep(Duration.ofMillis(2));
                    wg.done();
                });
            }
            wg.await();
            assertEquals(0, wg.count());
        }
    }

    @Test
    void givenAThreadWaiting_whenInterrupted_thenWaitInterruptedAndTheFlagIsKept() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                wg.await();
                error.complete(null);
            } catch (Throwable e) {
                error.complete(e);
            }
            flag.complete(Thread.currentThread().isInterrupted());
        });
        awaitTrue(() -> t.getState() == Thread.State.WAITING, "thread waits");
        t.interrupt();
        t.join();
        assertInstanceOf(WaitInterruptedException.class, error.join());
        assertTrue(flag.join());
        assertEquals(1, wg.count());
    }
}
