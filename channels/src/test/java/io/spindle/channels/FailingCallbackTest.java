package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An exception thrown by a select clause's function or by a runtime's exception handler never
 * corrupts channel state: the channels keep working afterwards (issue: overload and faults).
 */
@Timeout(60)
class FailingCallbackTest {

    @Test
    void givenAReceiveClauseFunctionThatThrows_thenTheValueWasConsumedAndTheChannelKeepsWorking() {
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.run(() -> {
                Channel<Integer> ch = Channel.unbuffered();
                Channel<Integer> other = Channel.unbuffered();
                IllegalStateException boom = new IllegalStateException("clause failed");
                Fiber.spawn(() -> ch.send(1));
                IllegalStateException seen = assertThrows(IllegalStateException.class,
                        () -> Select.select(ch.onReceive(v -> { throw boom; }), other.onReceive(v -> v)));
                assertSame(boom, seen);
                // both channels still work, in both directions, and in selects
                Fiber.spawn(() -> ch.send(2));
                assertEquals(2, ch.receive());
                Fiber.spawn(() -> other.send(3));
                assertEquals(3, (int) Select.select(ch.onReceive(v -> v), other.onReceive(v -> v)));
                Fiber<Integer> r = Fiber.spawn(ch::receive);
                ch.send(4);
                assertEquals(4, r.join());
                return null;
            });
        }
    }

    @Test
    void givenASendClauseFunctionThatThrows_thenTheValueWasDeliveredAndTheChannelKeepsWorking() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            rt.run(() -> {
                Channel<Integer> ch = Channel.buffered(1);
                assertThrows(ArithmeticException.class,
                        () -> Select.select(ch.onSend(7, () -> { throw new ArithmeticException("after send"); })));
                assertEquals(7, ch.receive()); // the send happened; only the function failed
                ch.send(8);
                assertEquals(8, ch.receive());
                return null;
            });
        }
    }

    @Test
    void givenAnExceptionHandlerThatThrows_thenCarriersAndChannelsKeepWorking() {
        AtomicInteger handled = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(1).exceptionHandler((f, e) -> {
            handled.incrementAndGet();
            throw new IllegalStateException("the handler itself failed");
        }).build()) {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Object> failing = rt.spawn(() -> {
                ch.send(1);
                throw new RuntimeException("fiber failed after sending");
            });
            assertEquals(1, ch.receive());
            assertThrows(CompletionException.class, failing::join);
            assertEquals(1, handled.get());
            Fiber<Integer> next = rt.spawn(ch::receive);
            ch.send(5);
            assertEquals(5, next.join());
        }
    }
}
