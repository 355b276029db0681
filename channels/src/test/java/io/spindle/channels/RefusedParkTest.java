package io.spindle.channels;

import static io.spindle.channels.RefusalSupport.assertRefused;
import static io.spindle.channels.RefusalSupport.runInDiagnostics;
import static io.spindle.channels.TestSupport.assertNoWaiters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: in diagnostic mode a channel operation or select whose park is refused inside
 * {@code synchronized} (SynchronizedParkException) leaves nothing behind: no waiter record, no
 * value delivered by a refused send, no value taken by a later partner for a refused receive.
 */
@Timeout(120)
class RefusedParkTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    static Stream<Arguments> capacitiesOnOneAndTwoCarriers() {
        return TestSupport.CAPACITIES.stream().flatMap(c -> Stream.of(1, 2).map(n -> Arguments.of(new Cap(c), n)));
    }

    /** The ways to wait for a value. */
    enum Receive { RECEIVE, TIMED, ITERATOR }

    @ParameterizedTest(name = "{0}, {1} carrier(s), {2}")
    @MethodSource("receiveKinds")
    void givenAnEmptyChannel_whenAReceiveIsRefused_thenNoReceiverStaysRegistered(Cap cap, int carriers, Receive kind)
            throws Exception {
        runInDiagnostics(carriers, () -> {
            Channel<Integer> ch = cap.make();
            assertRefused(() -> {
                switch (kind) {
                    case RECEIVE -> ch.receive();
                    case TIMED -> ch.tryReceive(LONG);
                    case ITERATOR -> ch.iterator().hasNext();
                }
            });
            assertNoWaiters(ch);
            if (cap.unbuffered()) {
                assertFalse(ch.trySend(7), "trySend found the refused receiver: the value would be lost");
            } else {
                assertTrue(ch.trySend(7));
                assertEquals(7, ch.tryReceive(), "the value went to the refused receiver");
            }
            assertNull(ch.tryReceive());
        });
    }

    static Stream<Arguments> receiveKinds() {
        return capacitiesOnOneAndTwoCarriers().flatMap(a -> Stream.of(Receive.values())
                .map(k -> Arguments.of(a.get()[0], a.get()[1], k)));
    }

    static Stream<Arguments> sendCases() {
        return capacitiesOnOneAndTwoCarriers().flatMap(a -> Stream.of(false, true)
                .map(t -> Arguments.of(a.get()[0], a.get()[1], t)));
    }

    @ParameterizedTest(name = "{0}, {1} carrier(s), timed={2}")
    @MethodSource("sendCases")
    void givenAFullChannel_whenASendIsRefused_thenItsValueIsNeverDelivered(Cap cap, int carriers, boolean timed)
            throws Exception {
        assumeTrue(cap.bounded(), "a send on an unbounded channel never parks");
        runInDiagnostics(carriers, () -> {
            Channel<Integer> ch = cap.make();
            for (int i = 0; i < cap.value(); i++) {
                assertTrue(ch.trySend(i));
            }
            assertRefused(() -> {
                if (timed) {
                    ch.trySend(-1, LONG);
                } else {
                    ch.send(-1);
                }
            });
            assertNoWaiters(ch);
            for (int i = 0; i < cap.value(); i++) {
                assertEquals(i, ch.tryReceive());
            }
            assertNull(ch.tryReceive(), "the refused send's value was delivered");
            assertEquals(0, ch.size());
        });
    }

    @ParameterizedTest(name = "{0} carrier(s), timeout={1}")
    @MethodSource("selectCases")
    void givenNothingReady_whenASelectIsRefused_thenNoClauseStaysRegistered(int carriers, boolean withTimeout)
            throws Exception {
        runInDiagnostics(carriers, () -> {
            Channel<Integer> in = Channel.unbuffered();
            Channel<Integer> full = Channel.buffered(1);
            Channel<Integer> out = Channel.unbuffered();
            assertTrue(full.trySend(1));
            assertRefused(() -> Select.select(
                    in.onReceive(v -> "in"),
                    full.onSend(2, () -> "full"),
                    out.onSend(3, () -> "out"),
                    withTimeout ? Select.onTimeout(LONG, () -> "timeout") : null));
            assertNoWaiters(in, full, out);
            assertFalse(in.trySend(9), "the refused select still receives on 'in'");
            assertNull(out.tryReceive(), "the refused select still sends on 'out'");
            assertEquals(1, full.tryReceive());
            assertNull(full.tryReceive(), "the refused select's value reached 'full'");
        });
    }

    static Stream<Arguments> selectCases() {
        return Stream.of(1, 2).flatMap(n -> Stream.of(false, true).map(t -> Arguments.of(n, t)));
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.RefusalSupport#oneAndTwoCarriers")
    void givenARefusedReceive_whenTheChannelIsUsedAfterwards_thenFibersStillHandOffNormally(int carriers)
            throws Exception {
        runInDiagnostics(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            assertRefused(ch::receive);
            var receiver = io.spindle.runtime.Fiber.spawn(ch::receive);
            ch.send(42); // outside the monitor: parks normally until the new receiver takes it
            assertEquals(42, receiver.join());
            assertNoWaiters(ch);
        });
    }
}
