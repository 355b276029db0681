package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.runtime.Fiber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/** close(): draining, waking waiters, and what every operation does on a closed channel. */
class CloseTest {

    @TestWithCapacities
    void givenBufferedValues_whenClosed_thenReceiversDrainThemAndThenGetClosedException(Cap cap, int carriers) {
        assumeTrue(!cap.unbuffered(), "needs a buffer");
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            int n = Math.min(cap.bounded() ? cap.value() : 100, 100);
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
            assertTrue(ch.isClosed());
            for (int i = 0; i < n; i++) {
                assertEquals(i, ch.receive(), "buffered values survive the close");
            }
            assertThrows(ChannelClosedException.class, ch::receive);
            assertThrows(ChannelClosedException.class, ch::tryReceive);
        });
    }

    @TestWithCapacities
    void givenAClosedChannel_whenSendingOrClosingAgain_thenClosedException(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            ch.close();
            assertThrows(ChannelClosedException.class, () -> ch.send(1));
            assertThrows(ChannelClosedException.class, () -> ch.trySend(1));
            ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::close);
            assertInstanceOf(IllegalStateException.class, e, "ChannelClosedException extends IllegalStateException");
            assertThrows(ChannelClosedException.class, ch::receive);
        });
    }

    @TestWithCapacities
    void givenReceiversWaiting_whenClosed_thenEachGetsClosedException(Cap cap, int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            List<Fiber<Integer>> rs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rs.add(Fiber.spawn(ch::receive));
            }
            awaitWaiters(ch, 4);
            ch.close();
            for (Fiber<Integer> r : rs) {
                CompletionException e = assertThrows(CompletionException.class, r::join);
                assertInstanceOf(ChannelClosedException.class, e.getCause());
            }
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenSendersWaiting_whenClosed_thenEachGetsClosedExceptionAndNothingIsDelivered(Cap cap, int carriers) {
        assumeTrue(cap.bounded(), "unbounded sends never wait");
        runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            for (int i = 0; i < cap.value(); i++) {
                ch.send(i);
            }
            List<Fiber<Void>> ss = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int v = -1 - i;
                ss.add(Fiber.spawn(() -> ch.send(v)));
            }
            awaitWaiters(ch, 3);
            ch.close();
            for (Fiber<Void> s : ss) {
                CompletionException e = assertThrows(CompletionException.class, s::join);
                assertInstanceOf(ChannelClosedException.class, e.getCause());
            }
            int drained = 0;
            for (int v : ch) {
                assertTrue(v >= 0, "a sender woken by close delivered nothing");
                drained++;
            }
            assertEquals(cap.value(), drained);
            assertNoWaiters(ch);
        });
    }

    @TestWithCapacities
    void givenAnIterationInProgress_whenTheProducerCloses_thenTheLoopEndsAfterTheLastValue(Cap cap, int carriers) {
        List<Integer> seen = runIn(carriers, () -> {
            Channel<Integer> ch = cap.make();
            Fiber.spawn(() -> {
                ch.send(1);
                ch.send(2);
                ch.close();
            });
            List<Integer> out = new ArrayList<>();
            ch.forEach(out::add);
            assertFalse(ch.iterator().hasNext(), "a new iterator on a closed, drained channel is empty");
            return out;
        });
        assertEquals(List.of(1, 2), seen);
    }
}
