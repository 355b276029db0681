package io.spindle.sync;

import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.channels.Channel;
import io.spindle.channels.TestSupport;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Strand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sync primitives reuse their strand's cached {@link SyncWaiter} (WaitList.enqueue/recycle,
 * WaitNode's hand-back rule): a node comes back unlinked and detached after a normal end, and the
 * next wait takes it again; channel and sync waits on one strand take turns in the one slot.
 */
@Timeout(60)
class SyncWaiterReuseTest {

    private static SyncWaiter peekCached() {
        Strand me = Strand.current();
        SyncWaiter n = me.takeCachedNode(SyncWaiter.class);
        if (n != null) {
            me.cacheNode(n);
        }
        return n;
    }

    @Test
    void givenAContendedMutex_whenTheWaiterGetsIt_thenItsNodeIsCachedUnlinkedAndReused() {
        runIn(1, () -> {
            Mutex m = new Mutex();
            AtomicInteger phase = new AtomicInteger();
            m.lock();
            Fiber<SyncWaiter[]> f = Fiber.spawn(() -> {
                SyncWaiter[] out = new SyncWaiter[2];
                m.lock();               // parks: main holds it
                out[0] = peekCached();  // the first wait's node, given back
                m.unlock();
                phase.set(1);
                while (phase.get() < 2) {
                    Fiber.yieldNow();
                }
                m.lock();               // parks again: main holds it again
                out[1] = peekCached();
                m.unlock();
                return out;
            });
            while (m.waiterCount() == 0) {
                Fiber.yieldNow();
            }
            m.unlock();
            while (phase.get() < 1) {
                Fiber.yieldNow();
            }
            m.lock();
            phase.set(2);
            while (m.waiterCount() == 0) {
                Fiber.yieldNow();
            }
            m.unlock();
            SyncWaiter[] nodes = f.join();
            assertNotNull(nodes[0], "a granted wait gives its node back");
            assertFalse(nodes[0].isQueued());
            assertNull(nodes[0].list, "a cached node retains no primitive");
            assertSame(nodes[0], nodes[1], "the next wait reused it");
            assertEquals(0, m.waiterCount());
            return null;
        });
    }

    @Test
    void givenATimedOutAcquire_thenItsNodeIsCachedAndTheSemaphoreHoldsNoWaiter() {
        runIn(1, () -> {
            Semaphore s = new Semaphore(0);
            assertFalse(s.tryAcquire(1, Duration.ofMillis(2)));
            SyncWaiter n = peekCached();
            assertNotNull(n);
            assertFalse(n.isQueued());
            assertNull(n.list);
            assertEquals(0, s.waiterCount());
            return null;
        });
    }

    @Test
    void givenChannelAndSyncWaitsOnOneFiber_thenTheyTakeTurnsInTheSlotAndBothWork() {
        runIn(1, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Semaphore s = new Semaphore(0);
            Fiber<Void> partner = Fiber.spawn(() -> {
                for (int i = 0; i < 100; i++) {
                    ch.send(i);
                    s.release();
                }
            });
            for (int i = 0; i < 100; i++) {
                assertEquals(i, ch.receive());
                s.acquire();
            }
            partner.join();
            assertEquals(0, s.waiterCount());
            return null;
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenSemaphorePingPong_thenEveryHandOffArrivesAndNoWaiterIsLeft(int carriers) {
        runIn(carriers, () -> {
            int rounds = TestSupport.CI ? 2_000 : 20_000;
            Semaphore ping = new Semaphore(0);
            Semaphore pong = new Semaphore(0);
            WaitGroup done = new WaitGroup();
            done.add(2);
            int[] count = new int[2];
            List<Fiber<Void>> fs = new ArrayList<>();
            fs.add(Fiber.spawn(() -> {
                for (int i = 0; i < rounds; i++) {
                    ping.release();
                    if (!pong.tryAcquire(1, Duration.ofSeconds(30))) {
                        throw new AssertionError("pong lost at round " + i);
                    }
                    count[0]++;
                }
                done.done();
            }));
            fs.add(Fiber.spawn(() -> {
                for (int i = 0; i < rounds; i++) {
                    ping.acquire();
                    pong.release();
                    count[1]++;
                }
                done.done();
            }));
            assertTrue(done.await(Duration.ofSeconds(50)), "the ping-pong finished");
            for (Fiber<Void> f : fs) {
                f.join();
            }
            assertEquals(rounds, count[0]);
            assertEquals(rounds, count[1]);
            assertEquals(0, ping.waiterCount());
            assertEquals(0, pong.waiterCount());
            return null;
        });
    }
}
