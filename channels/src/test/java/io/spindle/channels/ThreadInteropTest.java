package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Fibers and plain threads on the same channel; thread interruption; fiber cancellation. */
class ThreadInteropTest {

    @TestWithCapacities
    void givenAFiberProducerAndAThreadConsumer_whenStreaming_thenAllValuesArriveInOrder(Cap cap, int carriers) throws Exception {
        int n = 5_000;
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            Channel<Integer> ch = cap.make();
            rt.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
                ch.close();
            });
            int expect = 0;
            for (int v : ch) { // this test thread blocks
                assertEquals(expect++, v);
            }
            assertEquals(n, expect);
            assertNoWaiters(ch);
        }
    }

    @TestWithCapacities
    void givenAThreadProducerAndAFiberConsumer_whenStreaming_thenAllValuesArriveInOrder(Cap cap, int carriers) throws Exception {
        int n = 5_000;
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            Channel<Integer> ch = cap.make();
            Fiber<Long> consumer = rt.spawn(() -> {
                long sum = 0;
                int expect = 0;
                for (int v : ch) {
                    assertEquals(expect++, v);
                    sum += v;
                }
                return sum;
            });
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
                ch.close();
            });
            assertEquals((long) n * (n - 1) / 2, consumer.join());
            producer.join();
            assertNoWaiters(ch);
        }
    }

    @Test
    void givenAThreadBlockedInReceive_whenInterrupted_thenItAbandonsKeepsTheFlagAndTakesNothing() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Outcome o = blockThenInterrupt(ch, 1, c -> c.receive());
        assertInstanceOf(ChannelInterruptedException.class, o.error);
        assertInstanceOf(InterruptedException.class, o.error.getCause());
        assertTrue(o.interruptedAfter, "interrupt status is kept");
        assertFalse(ch.trySend(1), "the interrupted receiver no longer waits");
        assertNoWaiters(ch);
    }

    @Test
    void givenAThreadBlockedInSend_whenInterrupted_thenNothingWasSent() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Outcome o = blockThenInterrupt(ch, 1, c -> c.send(1));
        assertInstanceOf(ChannelInterruptedException.class, o.error);
        assertTrue(o.interruptedAfter);
        assertNull(ch.tryReceive(), "nothing was sent");
        assertNoWaiters(ch);
    }

    @Test
    void givenAThreadBlockedInSelect_whenInterrupted_thenNoClauseRan() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Outcome o = blockThenInterrupt(ch, 2, c -> Select.select(c.onReceive(v -> v), c.onSend(2, () -> 0)));
        assertInstanceOf(ChannelInterruptedException.class, o.error);
        assertTrue(o.interruptedAfter);
        assertNull(ch.tryReceive());
        assertFalse(ch.trySend(1));
        assertNoWaiters(ch);
    }

    @Test
    void givenAnInterruptedThread_whenTheOperationNeedsNoWait_thenItCompletesAndKeepsTheFlag() {
        Channel<Integer> ch = Channel.buffered(1);
        Thread.currentThread().interrupt();
        try {
            ch.send(1);
            assertEquals(1, ch.receive());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void givenAFiberBlockedInSend_whenCancelled_thenItThrowsCancelledAndDeliveredNothing() {
        runIn(2, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Void> f = Fiber.spawn(() -> ch.send(1));
            awaitWaiters(ch, 1);
            f.cancel();
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(FiberCancelledException.class, e.getCause());
            assertNull(ch.tryReceive(), "a cancelled send delivered nothing");
            assertNoWaiters(ch);
        });
    }

    @Test
    void givenAFiberBlockedInReceive_whenCancelled_thenItConsumedNothing() {
        runIn(2, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Integer> f = Fiber.spawn(() -> ch.receive());
            awaitWaiters(ch, 1);
            f.cancel();
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, f::join).getCause());
            assertFalse(ch.trySend(1), "the cancelled receiver no longer waits");
            assertNoWaiters(ch);
        });
    }

    @Test
    void givenACancelledFiber_whenItCallsAChannelOperation_thenCancelledBeforeAnyEffect() {
        runIn(1, () -> {
            Channel<Integer> ch = Channel.buffered(1);
            Fiber<Void> f = Fiber.spawn(() -> {
                while (!Fiber.current().isCancelled()) {
                    Fiber.yieldNow();
                }
                ch.trySend(1);
            });
            f.cancel();
            assertThrows(CompletionException.class, f::join);
            assertNull(ch.tryReceive(), "nothing was sent after cancellation");
        });
    }

    private record Outcome(Throwable error, boolean interruptedAfter) {
    }

    private static Outcome blockThenInterrupt(Channel<Integer> ch, int waiters, Consumer<Channel<Integer>> op) throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                op.accept(ch);
            } catch (Throwable e) {
                error.set(e);
            }
            flag.complete(Thread.currentThread().isInterrupted());
        });
        awaitWaiters(ch, waiters);
        t.interrupt();
        t.join();
        return new Outcome(error.get(), flag.join());
    }
}
