package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitTrue;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Select: choice, fairness, default, closed channels, duplicates, self-select and clean-up. */
class SelectTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenTwoAlwaysReadyChannels_when10000Selects_thenEachWins5000PlusMinus500(int carriers) {
        int[] wins = runIn(carriers, () -> {
            Channel<Integer> a = Channel.buffered(1);
            Channel<Integer> b = Channel.buffered(1);
            int[] w = new int[2];
            a.send(0);
            b.send(1);
            for (int i = 0; i < 10_000; i++) {
                int which = Select.select(a.onReceive(v -> v), b.onReceive(v -> v));
                w[which]++;
                (which == 0 ? a : b).send(which);
            }
            return w;
        });
        assertEquals(10_000, wins[0] + wins[1]);
        assertTrue(Math.abs(wins[0] - 5000) <= 500, "a won " + wins[0] + " of 10000");
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenNullClauses_whenSelecting_thenTheyAreIgnored(int carriers) {
        runIn(carriers, () -> {
            Channel<String> ch = Channel.buffered(1);
            ch.send("x");
            String r = Select.select(null, ch.onReceive(v -> v), null);
            assertEquals("x", r);
            assertEquals("none", Select.select(null, Select.onDefault(() -> "none")));
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenNothingReady_whenSelectingWithDefault_thenDefaultRunsAndNothingIsLeftQueued(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            String r = Select.select(a.onReceive(v -> "a"), b.onSend(1, () -> "b"), Select.onDefault(() -> "default"));
            assertEquals("default", r);
            assertNoWaiters(a, b);
            a.close();
            assertEquals("closed", Select.select(a.onReceive(v -> "a", () -> "closed"), Select.onDefault(() -> "default")),
                    "a closed channel is ready, so default does not run");
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenTwoDefaults_whenSelecting_thenIllegalArgument(int carriers) {
        runIn(carriers, () -> {
            assertThrows(IllegalArgumentException.class,
                    () -> Select.select(Select.onDefault(() -> 1), Select.onDefault(() -> 2)));
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenAParkedSelect_whenOneChannelGetsAValue_thenThatClauseRunsAndTheOthersAreDequeued(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            Channel<Integer> c = Channel.buffered(1);
            c.send(0); // c full: the send clause is not ready
            Fiber<String> f = Fiber.spawn(() -> Select.select(a.onReceive(v -> "a" + v), b.onReceive(v -> "b" + v),
                    c.onSend(9, () -> "c")));
            awaitWaiters(a, 1);
            awaitWaiters(b, 1);
            awaitWaiters(c, 1);
            b.send(7);
            assertEquals("b7", f.join());
            assertNoWaiters(a, b, c);
            assertEquals(0, c.receive(), "the losing send clause sent nothing");
            assertNull(c.tryReceive());
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenAClosedDrainedChannel_whenChosen_thenClosedFunctionRunsOrClosedException(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.buffered(2);
            ch.send(1);
            ch.close();
            assertEquals("v1", Select.select(ch.onReceive(v -> "v" + v, () -> "closed")), "drains first");
            assertEquals("closed", Select.select(ch.onReceive(v -> "v" + v, () -> "closed")));
            assertThrows(ChannelClosedException.class, () -> Select.select(ch.onReceive(v -> "v" + v)));
            assertThrows(ChannelClosedException.class, () -> Select.select(ch.onSend(3, () -> "sent")));
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenAParkedSelect_whenAChannelCloses_thenItsReceiveClauseRunsTheClosedFunction(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            Fiber<String> f = Fiber.spawn(() -> Select.select(a.onReceive(v -> "a"), b.onReceive(v -> "b", () -> "b closed")));
            awaitWaiters(b, 1);
            b.close();
            assertEquals("b closed", f.join());
            assertNoWaiters(a, b);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenAParkedSelectSending_whenItsChannelCloses_thenClosedException(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Fiber<String> f = Fiber.spawn(() -> Select.select(a.onSend(1, () -> "sent")));
            awaitWaiters(a, 1);
            a.close();
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(ChannelClosedException.class, e.getCause());
            assertNoWaiters(a);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenTheSameChannelInSeveralClauses_whenOneValueArrives_thenExactlyOneClauseRuns(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicInteger runs = new AtomicInteger();
            Fiber<String> f = Fiber.spawn(() -> Select.select(
                    ch.onReceive(v -> { runs.incrementAndGet(); return "r1"; }),
                    ch.onReceive(v -> { runs.incrementAndGet(); return "r2"; }),
                    ch.onSend(5, () -> { runs.incrementAndGet(); return "s"; })));
            awaitWaiters(ch, 3);
            ch.send(1);
            String r = f.join();
            assertTrue(r.equals("r1") || r.equals("r2"), r);
            assertEquals(1, runs.get());
            assertNoWaiters(ch);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenASelectSendingAndReceivingOnOneUnbufferedChannel_whenAlone_thenItDoesNotMeetItself(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            String r = Select.select(ch.onSend(1, () -> "sent"), ch.onReceive(v -> "self " + v),
                    Select.onTimeout(Duration.ofMillis(20), () -> "timeout"));
            assertEquals("timeout", r);
            assertNoWaiters(ch);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void given100000SelectsWithLosingClauses_whenDone_thenNoWaiterRecordsAreLeft(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> win = Channel.unbuffered();
            Channel<Integer> lose1 = Channel.unbuffered();
            Channel<Integer> lose2 = Channel.buffered(1);
            lose2.send(0); // full: its send clause never wins
            int n = TestSupport.iterations(100_000);
            Fiber<Void> sender = Fiber.spawn(() -> {
                for (int i = 0; i < n / 2; i++) {
                    win.send(i);
                }
            });
            long sum = 0;
            for (int i = 0; i < n / 2; i++) {
                sum += Select.select(win.onReceive(v -> v), lose1.onReceive(v -> -1_000_000), lose2.onSend(1, () -> -1_000_000));
            }
            sender.join();
            assertEquals((long) (n / 2) * (n / 2 - 1) / 2, sum);
            for (int i = 0; i < n / 2; i++) { // and selects that park and time out at once
                Select.select(lose1.onReceive(v -> 0), lose2.onSend(1, () -> 0), Select.onTimeout(Duration.ZERO, () -> 0));
            }
            assertNoWaiters(win, lose1, lose2);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenASelectWithNoClauses_whenItsFiberIsCancelled_thenItWasParkedAndThrowsCancelled(int carriers) {
        runIn(carriers, () -> {
            Fiber<Object> f = Fiber.spawn(() -> Select.select());
            Fiber<Object> g = Fiber.spawn(() -> Select.select((SelectClause<Object>) null));
            awaitTrue(() -> f.stateName().equals("PARKED") && g.stateName().equals("PARKED"), "selects park forever");
            f.cancel();
            g.cancel();
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, f::join).getCause());
            assertInstanceOf(FiberCancelledException.class, assertThrows(CompletionException.class, g::join).getCause());
        });
    }
}
