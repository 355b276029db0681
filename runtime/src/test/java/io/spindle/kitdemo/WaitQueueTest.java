package io.spindle.kitdemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Strand;
import io.spindle.runtime.WaitNode;
import io.spindle.runtime.WaitQueue;
import org.junit.jupiter.api.Test;

/** The kit's intrusive FIFO and its node's state, through public API only. */
class WaitQueueTest {
    private static final class Node extends WaitNode {
        Node() {
            super(Strand.current());
        }

        @Override
        public boolean tryAbandon() {
            return false;
        }
    }

    @Test
    void givenNodes_whenAddedAndRemovedInAnyOrder_thenTheRestStaysFifo() {
        WaitQueue<Node> q = new WaitQueue<>();
        Node a = new Node();
        Node b = new Node();
        Node c = new Node();
        Node d = new Node();
        q.add(a);
        q.add(b);
        q.add(c);
        q.add(d);
        assertEquals(4, q.size());
        assertTrue(q.remove(b));      // middle
        assertFalse(q.remove(b));     // not queued any more
        assertTrue(q.remove(d));      // tail
        assertSame(a, q.peek());
        assertSame(c, q.next(a));
        assertNull(q.next(c));
        assertSame(a, q.poll());      // head
        assertFalse(a.isQueued());
        q.add(b);                     // a removed node can be queued again
        assertSame(c, q.poll());
        assertSame(b, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
    }

    @Test
    void givenAQueuedNode_whenAddedAgain_thenIllegalStateExceptionAndTheQueueIsUnchanged() {
        WaitQueue<Node> q = new WaitQueue<>();
        Node a = new Node();
        q.add(a);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.add(a));
        assertTrue(e.getMessage().contains("remove it"), e.getMessage());
        assertEquals(1, q.size());
        assertSame(a, q.poll());
        assertNull(q.poll());
    }

    @Test
    void givenANode_whenCompleted_thenItIsDoneWithThatState() {
        Node a = new Node();
        assertSame(Strand.current(), a.strand());
        assertEquals(WaitNode.WAITING, a.state());
        assertFalse(a.isDone());
        a.complete(3);
        assertTrue(a.isDone());
        assertEquals(3, a.state());
    }
}
