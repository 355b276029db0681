package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 4: huge timeouts saturate, as in java.util.concurrent. A timeout too long for a
 * long of nanoseconds means "no timeout in practice" (the operation waits for its partner) and a
 * hugely negative one means "already expired"; neither throws ArithmeticException.
 */
@Timeout(120)
class HugeTimeoutTest {
    /** Durations whose toNanos() overflows, and the largest that does not. */
    static final List<Duration> HUGE = List.of(
            Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofNanos(Long.MAX_VALUE),
            Duration.ofDays(365L * 1_000_000));
    static final List<Duration> HUGELY_NEGATIVE = List.of(
            Duration.ofSeconds(Long.MIN_VALUE),
            Duration.ofNanos(Long.MIN_VALUE),
            Duration.ofDays(-365L * 1_000_000));

    static Stream<Arguments> hugeOnOneAndTwoCarriers() {
        return HUGE.stream().flatMap(d -> Stream.of(1, 2).map(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("hugeOnOneAndTwoCarriers")
    void givenAHugeTimeout_whenAReceiveWaits_thenItWaitsForTheSender(Duration huge, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Integer> r = Fiber.spawn(() -> ch.tryReceive(huge));
            awaitWaiters(ch, 1);
            ch.send(5);
            assertEquals(5, r.join());
            assertNoWaiters(ch);
        });
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("hugeOnOneAndTwoCarriers")
    void givenAHugeTimeout_whenASendWaits_thenItWaitsForTheReceiver(Duration huge, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Boolean> s = Fiber.spawn(() -> ch.trySend(6, huge));
            awaitWaiters(ch, 1);
            assertEquals(6, ch.receive());
            assertTrue(s.join());
            assertNoWaiters(ch);
        });
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("hugeOnOneAndTwoCarriers")
    void givenAHugeSelectTimeout_whenNothingIsReady_thenTheSelectWaitsForAChannel(Duration huge, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Integer> f = Fiber.spawn(() -> Select.select(
                    ch.onReceive(v -> v),
                    Select.onTimeout(huge, () -> -1)));
            awaitWaiters(ch, 1);
            ch.send(7);
            assertEquals(7, f.join());
            assertNoWaiters(ch);
        });
    }

    @Test
    void givenAHugeTimeout_whenAPlainThreadWaits_thenItWaitsForTheFiber() throws Exception {
        for (Duration huge : HUGE) {
            Channel<Integer> ch = Channel.unbuffered();
            Thread t = new Thread(() -> assertEquals(8, ch.tryReceive(huge)));
            t.start();
            runIn(1, () -> {
                awaitWaiters(ch, 1);
                ch.send(8);
            });
            t.join();
            assertNoWaiters(ch);
        }
    }

    @Test
    void givenAHugelyNegativeTimeout_whenNothingIsReady_thenEveryTimedOperationTimesOutAtOnce() {
        runIn(1, () -> {
            for (Duration d : HUGELY_NEGATIVE) {
                Channel<Integer> ch = Channel.unbuffered();
                assertNull(ch.tryReceive(d), d.toString());
                assertFalse(ch.trySend(1, d), d.toString());
                assertEquals(-1, Select.select(ch.onReceive(v -> v), Select.onTimeout(d, () -> -1)), d.toString());
                assertNoWaiters(ch);
            }
        });
    }
}
