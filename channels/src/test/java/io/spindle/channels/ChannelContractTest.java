package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.runtime.Fiber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The basic channel contract, for every capacity and carrier count. */
class ChannelContractTest {

    @TestWithCapacities
    void givenOneProducer_whenItSendsInOrder_thenTheConsumerReceivesInOrder(Cap cap, int carriers) {
        int n = 2_000;
        List<Integer> got = runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            Fiber.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
            });
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(ch.receive());
            }
            assertNoWaiters(ch);
            return out;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @TestWithCapacities
    void givenAnEmptyChannel_whenSendingCapacityValues_thenTheyAreBufferedAndTheNextSendWaits(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            int room = cap.bounded() ? cap.value() : 5_000;
            for (int i = 0; i < room; i++) {
                assertTrue(ch.trySend(i), "send " + i + " fits in the buffer");
            }
            assertEquals(room, ch.size());
            if (cap.bounded()) {
                assertFalse(ch.trySend(-1), "a full (or unbuffered) channel has no room");
            }
            for (int i = 0; i < room; i++) {
                assertEquals(i, ch.tryReceive());
            }
            assertNull(ch.tryReceive());
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenASenderBlockedOnAFullChannel_whenAReceiverTakesOne_thenTheSenderCompletes(Cap cap, int carriers) {
        assumeTrue(cap.bounded(), "unbounded sends never wait");
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            for (int i = 0; i < cap.value(); i++) {
                ch.send(i);
            }
            AtomicBoolean sent = new AtomicBoolean();
            Fiber<Void> sender = Fiber.spawn(() -> {
                ch.send(cap.value());
                sent.set(true);
            });
            awaitWaiters(ch, 1);
            assertFalse(sent.get(), "a send on a full channel waits (rendezvous when unbuffered)");
            for (int i = 0; i <= cap.value(); i++) {
                assertEquals(i, ch.receive());
            }
            sender.join();
            assertTrue(sent.get());
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenSeveralBlockedSenders_whenReceiving_thenBufferedValuesComeFirstAndSendersAreServedFifo(Cap cap, int carriers) {
        assumeTrue(cap.bounded(), "unbounded sends never wait");
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            for (int i = 0; i < cap.value(); i++) {
                ch.send(i);
            }
            int senders = 5;
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int v = cap.value() + s;
                fs.add(Fiber.spawn(() -> ch.send(v)));
                awaitWaiters(ch, s + 1); // each parks before the next starts: a known queue order
            }
            for (int i = 0; i < cap.value() + senders; i++) {
                assertEquals(i, ch.receive());
            }
            fs.forEach(Fiber::join);
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenSeveralBlockedReceivers_whenSending_thenReceiversAreServedFifo(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            int receivers = 5;
            List<Fiber<Integer>> fs = new ArrayList<>();
            for (int r = 0; r < receivers; r++) {
                fs.add(Fiber.spawn(ch::receive));
                awaitWaiters(ch, r + 1);
            }
            for (int i = 0; i < receivers; i++) {
                ch.send(i);
            }
            for (int r = 0; r < receivers; r++) {
                assertEquals(r, fs.get(r).join(), "receiver " + r + " was first in line for value " + r);
            }
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenValuesAndAClose_whenIterating_thenEveryValueIsSeenAndTheLoopEnds(Cap cap, int carriers) {
        int n = 500;
        long sum = runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            Fiber.spawn(() -> {
                for (int i = 1; i <= n; i++) {
                    ch.send(i);
                }
                ch.close();
            });
            long s = 0;
            for (int v : ch) {
                s += v;
            }
            assertNoWaiters(ch);
            return s;
        });
        assertEquals((long) n * (n + 1) / 2, sum);
    }

    @TestWithCapacities
    void givenAnyChannel_whenSendingNull_thenNullPointerException(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            assertThrows(NullPointerException.class, () -> ch.send(null));
            assertThrows(NullPointerException.class, () -> ch.trySend(null));
            assertThrows(NullPointerException.class, () -> ch.onSend(null, () -> 1));
            assertNull(ch.tryReceive(), "nothing was sent");
        });
    }

    @TestWithCapacities
    void givenAnEmptyChannel_whenTryReceive_thenNullAndNothingWaits(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            assertNull(ch.tryReceive());
            assertNoWaiters(ch);
        });
    }

    @Test
    void givenCapacities_whenCreating_thenCapacityIsReportedAndNegativeIsRejected() {
        assertEquals(0, Channel.unbuffered().capacity());
        assertEquals(0, Channel.buffered(0).capacity());
        assertEquals(3, Channel.buffered(3).capacity());
        assertEquals(Integer.MAX_VALUE, Channel.unbounded().capacity());
        assertThrows(IllegalArgumentException.class, () -> Channel.buffered(-1));
    }

    @Test
    void givenAPlainThreadAndNoReceiver_whenTrySendOnUnbuffered_thenFalse() {
        Channel<String> ch = Channel.unbuffered();
        assertFalse(ch.trySend("x"), "a rendezvous needs a waiting receiver: not a queue of 1");
        assertNull(ch.tryReceive());
    }
}
