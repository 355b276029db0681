package io.spindle.channels;

import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Strand;
import org.junit.jupiter.api.Test;

/**
 * Walks every transition of the Waiter and SelectState state machines (see the tables next to
 * their state fields), driving them through the channel's own locked operations.
 */
class WaiterStateTest {

    @Test
    void givenAPlainReceiveWaiter_whenASenderArrives_thenWaitingToDoneWithTheItem() {
        Channel<Integer> ch = Channel.unbuffered();
        Waiter w = new Waiter(Strand.current(), null, -1, ch, false, null);
        ch.lock();
        ch.enqueueLocked(w);
        assertEquals(io.spindle.runtime.WaitNode.WAITING, w.state());
        assertEquals(Channel.OFFERED, ch.offerLocked(5));
        assertSame(Strand.current(), ch.takeWake(), "the partner is woken after unlock");
        ch.unlock();
        assertEquals(Waiter.DONE, w.state());
        assertTrue(w.isDone());
        assertEquals(5, w.item);
        assertFalse(w.tryAbandon(), "a completed waiter cannot be abandoned");
    }

    @Test
    void givenAPlainSendWaiter_whenTheChannelCloses_thenWaitingToClosedAndNothingDelivered() {
        Channel<Integer> ch = Channel.unbuffered();
        Waiter w = new Waiter(Strand.current(), null, -1, ch, true, 7);
        ch.lock();
        ch.enqueueLocked(w);
        ch.unlock();
        ch.close();
        assertEquals(Waiter.CLOSED, w.state());
        assertNull(w.item);
        assertEquals(0, ch.waiterCount());
    }

    @Test
    void givenAPlainWaiter_whenItsOwnerAbandons_thenItIsUnlinkedAndStaysWaiting() {
        Channel<Integer> ch = Channel.unbuffered();
        Waiter w = new Waiter(Strand.current(), null, -1, ch, false, null);
        ch.lock();
        ch.enqueueLocked(w);
        ch.unlock();
        assertTrue(w.tryAbandon());
        assertEquals(io.spindle.runtime.WaitNode.WAITING, w.state());
        assertEquals(0, ch.waiterCount());
        assertFalse(ch.trySend(1), "nobody waits any more");
    }

    @Test
    void givenASelectWithTwoWaiters_whenOnePartnerWins_thenTheOtherIsDeadAndDroppedAndAbandonFails() {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        SelectState st = new SelectState(new Channel<?>[0]);
        Waiter wa = new Waiter(Strand.current(), st, 0, a, false, null);
        Waiter wb = new Waiter(Strand.current(), st, 1, b, false, null);
        a.lock();
        b.lock();
        a.enqueueLocked(wa);
        b.enqueueLocked(wb);
        b.unlock();
        a.unlock();
        assertTrue(st.isLive());
        assertTrue(a.trySend(1), "null -> winner");
        assertSame(wa, st.lvWinner());
        assertTrue(st.isDone());
        assertFalse(st.tryAbandon(), "the owner cannot abandon a won select");
        assertFalse(b.trySend(2), "the losing waiter is dead: dropped, not matched");
        assertEquals(0, b.waiterCount());
    }

    @Test
    void givenASelect_whenItsOwnerAbandonsFirst_thenPartnersDropItsWaiters() {
        Channel<Integer> a = Channel.unbuffered();
        SelectState st = new SelectState(new Channel<?>[0]);
        Waiter wa = new Waiter(Strand.current(), st, 0, a, true, 3);
        a.lock();
        a.enqueueLocked(wa);
        a.unlock();
        assertTrue(st.tryAbandon(), "null -> ABANDONED");
        assertSame(SelectState.ABANDONED, st.lvWinner());
        assertFalse(st.isDone());
        assertNull(a.tryReceive(), "an abandoned select's send is never taken");
        assertEquals(0, a.waiterCount());
    }

    @Test
    void givenASelectWaiter_whenTheChannelCloses_thenTheSelectIsWonWithClosed() {
        runIn(1, () -> {
            Channel<Integer> a = Channel.unbuffered();
            SelectState st = new SelectState(new Channel<?>[0]);
            Waiter wa = new Waiter(Strand.current(), st, 0, a, false, null);
            a.lock();
            a.enqueueLocked(wa);
            a.unlock();
            a.close();
            assertSame(wa, st.lvWinner());
            assertEquals(Waiter.CLOSED, wa.state());
            assertTrue(st.isDone());
        });
    }
}
