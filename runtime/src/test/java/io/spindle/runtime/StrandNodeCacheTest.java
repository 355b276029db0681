package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-strand node cache ({@link Strand#takeCachedNode}, {@link Strand#cacheNode}) and
 * {@link WaitNode#reset}: the same contract on a fiber and on a plain thread.
 */
@Timeout(60)
class StrandNodeCacheTest {

    /** Two record types, as two primitives would have. */
    static final class NodeA extends WaitNode {
        NodeA(Strand s) {
            super(s);
        }

        @Override
        public boolean tryAbandon() {
            return true;
        }

        void rearm(Strand s) {
            reset(s);
        }
    }

    static final class NodeB extends WaitNode {
        NodeB(Strand s) {
            super(s);
        }

        @Override
        public boolean tryAbandon() {
            return true;
        }
    }

    private static <T> T inFiber(Callable<T> body) throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("cache-test").build()) {
            return rt.spawn("main", body).get(30, TimeUnit.SECONDS);
        }
    }

    private static Void contract() {
        Strand me = Strand.current();
        assertNull(me.takeCachedNode(NodeA.class), "an empty slot gives null");
        NodeA a = new NodeA(me);
        me.cacheNode(a);
        assertNull(me.takeCachedNode(NodeB.class), "a record of another type is not handed out ...");
        assertSame(a, me.takeCachedNode(NodeA.class), "... and stays cached");
        assertNull(me.takeCachedNode(NodeA.class), "take empties the slot (a nested wait allocates)");
        me.cacheNode(a);
        NodeB b = new NodeB(me);
        me.cacheNode(b);
        assertNull(me.takeCachedNode(NodeA.class), "a give-back replaces the cached record");
        assertSame(b, me.takeCachedNode(NodeB.class));
        return null;
    }

    @Test
    void givenAFiber_thenTakeAndGiveBackFollowTheSlotContract() throws Exception {
        inFiber(StrandNodeCacheTest::contract);
    }

    @Test
    void givenAPlainThread_thenTakeAndGiveBackFollowTheSlotContract() throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                contract();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    @Test
    void givenAQueuedNode_whenCachedOrReset_thenRefusedBecauseItIsStillReachable() throws Exception {
        inFiber(() -> {
            Strand me = Strand.current();
            WaitQueue<NodeA> q = new WaitQueue<>();
            NodeA a = new NodeA(me);
            q.add(a);
            assertThrows(IllegalStateException.class, () -> me.cacheNode(a));
            assertThrows(IllegalStateException.class, () -> a.rearm(me));
            assertNull(me.takeCachedNode(NodeA.class), "the refused node was not cached");
            q.remove(a);
            me.cacheNode(a);
            assertSame(a, me.takeCachedNode(NodeA.class));
            return null;
        });
    }

    @Test
    void givenACompletedNode_whenReset_thenItIsWaitingAgainForItsNewOwner() throws Exception {
        inFiber(() -> {
            Strand me = Strand.current();
            NodeA a = new NodeA(null);
            a.complete(3);
            assertTrue(a.isDone());
            a.rearm(me);
            assertEquals(WaitNode.WAITING, a.state());
            assertSame(me, a.strand());
            return null;
        });
    }

    @Test
    void givenAFiberThatEnded_thenItsCachedRecordIsDropped() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("cache-test").build()) {
            Fiber<Void> f = rt.spawn("cacher", () -> {
                Strand me = Strand.current();
                me.cacheNode(new NodeA(me));
                return null;
            });
            f.get(30, TimeUnit.SECONDS);
            assertNull(f.core().cachedNode, "an ended fiber's handle retains no record");
        }
    }
}
