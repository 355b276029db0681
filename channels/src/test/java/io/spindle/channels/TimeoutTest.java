package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.runtime.Fiber;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Timed operations: select's onTimeout, trySend(v, timeout), tryReceive(timeout). No timing assertions. */
class TimeoutTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenNothingReady_whenSelectingWithTimeout_thenTheTimeoutEventuallyFires(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            String r = Select.select(ch.onReceive(v -> "value"), Select.onTimeout(Duration.ofMillis(10), () -> "timeout"));
            assertEquals("timeout", r);
            assertNoWaiters(ch);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenSeveralTimeouts_whenNothingReady_thenTheShortestFires(int carriers) {
        runIn(carriers, () -> {
            String r = Select.select(Select.onTimeout(Duration.ofHours(1), () -> "hour"),
                    Select.onTimeout(Duration.ofMillis(5), () -> "short"), Select.onTimeout(Duration.ofDays(100_000_000), () -> "huge"));
            assertEquals("short", r);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenAReadyClause_whenSelectingWithZeroTimeout_thenTheClauseWins(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.buffered(1);
            ch.send(3);
            assertEquals(3, Select.select(ch.onReceive(v -> v), Select.onTimeout(Duration.ZERO, () -> -1)));
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenALongTimeout_whenAValueArrivesFirst_thenItIsReceived(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Integer> r = Fiber.spawn(() -> ch.tryReceive(Duration.ofSeconds(30)));
            awaitWaiters(ch, 1);
            ch.send(11);
            assertEquals(11, r.join());
            Fiber<String> s = Fiber.spawn(() -> Select.select(ch.onReceive(v -> "v" + v),
                    Select.onTimeout(Duration.ofSeconds(30), () -> "timeout")));
            awaitWaiters(ch, 1);
            ch.send(12);
            assertEquals("v12", s.join());
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenAFullChannel_whenTrySendWithTimeout_thenFalseAndNothingWasSent(Cap cap, int carriers) {
        assumeTrue(cap.bounded(), "unbounded sends never wait");
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            for (int i = 0; i < cap.value(); i++) {
                ch.send(i);
            }
            assertFalse(ch.trySend(-1, Duration.ofMillis(5)));
            assertNoWaiters(ch);
            for (int i = 0; i < cap.value(); i++) {
                assertEquals(i, ch.receive());
            }
            assertNull(ch.tryReceive(), "the timed-out value was not sent");
        });
    }

    @TestWithCapacities
    void givenAnEmptyChannel_whenTryReceiveWithTimeout_thenNullAndALaterValueIsNotLost(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            assertNull(ch.tryReceive(Duration.ofMillis(5)));
            assertNoWaiters(ch);
            if (!cap.unbuffered()) {
                assertTrue(ch.trySend(1));
                assertEquals(1, ch.tryReceive(Duration.ofMillis(5)), "the timed-out receiver took nothing");
            } else {
                assertFalse(ch.trySend(1), "the timed-out receiver is no longer waiting");
            }
        });
    }

    @Test
    void givenAPlainThread_whenTimedOperationsExpire_thenTheyReturnFalseAndNull() {
        Channel<Integer> ch = Channel.unbuffered();
        assertNull(ch.tryReceive(Duration.ofMillis(5)));
        assertFalse(ch.trySend(1, Duration.ofMillis(5)));
        assertEquals("t", Select.select(ch.onReceive(v -> "v"), Select.onTimeout(Duration.ofMillis(5), () -> "t")));
        assertNoWaiters(ch);
    }
}
