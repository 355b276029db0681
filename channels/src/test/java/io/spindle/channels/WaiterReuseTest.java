package io.spindle.channels;

import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WaitNode's hand-back rule as the channels apply it (Channel's and Select's overview, "Reuse"):
 * which waits give their records back, that a cached record is unlinked and holds no value, that
 * the next wait reuses it, and that a wait that ends in an exception gives nothing back.
 */
@Timeout(60)
class WaiterReuseTest {

    /** The waiter in the current strand's slot, put back (a peek for the tests). */
    private static Waiter peekCached() {
        Strand me = Strand.current();
        Waiter w = me.takeCachedNode(Waiter.class);
        if (w != null) {
            me.cacheNode(w);
        }
        return w;
    }

    private static void assertCleanAndUnlinked(Waiter w) {
        assertNotNull(w, "the wait gave its waiter back");
        assertFalse(w.isQueued(), "a cached waiter is unlinked");
        assertNull(w.item, "a cached waiter retains no value");
        assertNull(w.channel, "a cached waiter retains no channel");
        assertNull(w.select, "a cached waiter belongs to no select");
    }

    @Test
    void givenAReceiveThatParked_whenASenderCompletesIt_thenItsWaiterIsCachedClearedAndReusedNextTime() {
        runIn(1, () -> {
            Channel<String> ch = Channel.unbuffered();
            Fiber.spawn(() -> {
                ch.send("a");
                while (ch.waiterCount() == 0) { // the receiver parks again (with the reused waiter)
                    Fiber.yieldNow();
                }
                ch.send("b");
            });
            assertEquals("a", ch.receive()); // parks: the sender runs after us on one carrier
            Waiter first = peekCached();
            assertCleanAndUnlinked(first);
            assertEquals("b", ch.receive());
            assertSame(first, peekCached(), "the second wait reused the first one's waiter");
            assertEquals(0, ch.waiterCount());
            return null;
        });
    }

    @Test
    void givenASendThatTimedOut_thenItsWaiterIsCachedWithoutTheValue() {
        runIn(1, () -> {
            Channel<String> ch = Channel.unbuffered();
            assertFalse(ch.trySend("lost", Duration.ofMillis(5)));
            assertCleanAndUnlinked(peekCached());
            assertEquals(0, ch.waiterCount());
            return null;
        });
    }

    @Test
    void givenAParkedReceive_whenTheChannelCloses_thenTheReusedWaiterServesTheNextChannel() {
        runIn(2, () -> {
            for (int i = 0; i < 200; i++) {
                Channel<Integer> closing = Channel.unbuffered();
                Channel<Integer> next = Channel.unbuffered();
                int v = i;
                Fiber<Void> closer = Fiber.spawn(() -> {
                    Fiber.yieldNow();
                    closing.close();
                    next.send(v);
                });
                assertThrows(ChannelClosedException.class, closing::receive);
                assertEquals(v, next.receive(), "the waiter re-armed right after close delivered the next value");
                closer.join();
                assertEquals(0, closing.waiterCount());
                assertEquals(0, next.waiterCount());
            }
            assertCleanAndUnlinked(peekCached());
            return null;
        });
    }

    @Test
    void givenASelectThatParked_whenOneClauseWins_thenEveryWaiterIsUnlinkedAndTheRecordIsReused() {
        runIn(1, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.buffered(1);
            SelectClause<Integer> onA = a.onReceive(v -> v);     // made once, reused (SelectClause)
            SelectClause<Integer> onB = b.onReceive(v -> -v);
            Fiber.spawn(() -> a.send(1));
            assertEquals(1, Select.select(onA, onB)); // parks on both, a's sender wins
            assertEquals(0, a.waiterCount());
            assertEquals(0, b.waiterCount(), "the losing clause's waiter was unlinked");
            Waiter holder = peekCached();
            assertCleanAndUnlinked(holder);
            SelectState rec = holder.selectRecord;
            assertNotNull(rec, "the select's records travel with the cached waiter");
            for (int i = 0; i < rec.clauses.length; i++) {
                assertNull(rec.clauses[i], "no clause retained");
                assertNull(rec.order[i], "no channel retained");
                if (rec.waiters[i] != null) {
                    assertCleanAndUnlinked(rec.waiters[i]);
                }
            }
            Waiter w0 = rec.waiters[0];
            Fiber.spawn(() -> b.send(2));
            assertEquals(-2, Select.select(onA, onB));
            assertSame(holder, peekCached());
            assertSame(rec, holder.selectRecord, "the second select reused the SelectState");
            assertSame(w0, rec.waiters[0], "and its clause waiters");
            assertEquals(0, a.waiterCount());
            assertEquals(0, b.waiterCount());
            return null;
        });
    }

    @Test
    void givenASelectThatTimedOut_thenItsRecordsAreCachedAndTheChannelsHoldNoWaiter() {
        runIn(1, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            int r = Select.select(a.onReceive(v -> v), b.onSend(5, () -> 5),
                    Select.onTimeout(Duration.ofMillis(5), () -> -1));
            assertEquals(-1, r);
            assertEquals(0, a.waiterCount());
            assertEquals(0, b.waiterCount());
            Waiter holder = peekCached();
            assertCleanAndUnlinked(holder);
            assertCleanAndUnlinked(holder.selectRecord.waiters[1]);
            return null;
        });
    }

    @Test
    void givenAReceiveCancelledWhileParked_thenNothingIsGivenBack() {
        runIn(1, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            Fiber<Boolean> victim = Fiber.spawn(() -> {
                assertFalse(Channel.<Integer>unbuffered().trySend(1, Duration.ofMillis(1)));
                assertNotNull(peekCached(), "a normal wait first: the slot is filled");
                try {
                    ch.receive();
                    return false;
                } catch (FiberCancelledException expected) {
                    return Strand.current().takeCachedNode(Waiter.class) == null;
                }
            });
            while (ch.waiterCount() == 0) {
                Fiber.yieldNow();
            }
            victim.cancel();
            try {
                assertTrue(victim.join(), "a cancelled wait dropped its waiter instead of caching it");
            } catch (CompletionException e) {
                throw new AssertionError("the victim failed", e);
            }
            assertEquals(0, ch.waiterCount());
            return null;
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenTimedSendsAndReceivesRacingTheirTimeouts_thenEachValueArrivesOnceInOrderAndNothingIsLeft(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            int n = TestSupport.CI ? 3_000 : 20_000;
            Fiber<Integer> sender = Fiber.spawn(() -> {
                int sent = 0;
                for (int i = 0; i < n; i++) {
                    // a timeout of a few microseconds: completion and abandonment race every time
                    if (ch.trySend(sent, Duration.ofNanos(1_000 + (i % 7) * 3_000))) {
                        sent++;
                    }
                }
                return sent;
            });
            int next = 0;
            for (int i = 0; i < n; i++) {
                Integer v = ch.tryReceive(Duration.ofNanos(1_000 + (i % 5) * 3_000));
                if (v != null) {
                    assertEquals(next, v, "a value lost or duplicated before " + next);
                    next++;
                }
            }
            int sent = sender.join();
            assertEquals(sent, next, "every completed send (a rendezvous) was received once");
            assertEquals(0, ch.waiterCount(), "no waiter left behind");
            assertCleanAndUnlinked(peekCached());
            return null;
        });
    }

    @Test
    void givenAClauseMadeOnce_whenSeveralStrandsSelectWithItAtOnce_thenEachValueGoesToOneOfThem() {
        runIn(4, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            SelectClause<Integer> shared = ch.onReceive(v -> v);
            int per = TestSupport.CI ? 500 : 2_000;
            int receivers = 4;
            AtomicIntegerArray got = new AtomicIntegerArray(per * receivers);
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int r = 0; r < receivers; r++) {
                fs.add(Fiber.spawn(() -> {
                    for (int i = 0; i < per; i++) {
                        got.incrementAndGet(Select.select(shared));
                    }
                }));
            }
            for (int i = 0; i < per * receivers; i++) {
                ch.send(i);
            }
            for (Fiber<Void> f : fs) {
                f.join();
            }
            for (int i = 0; i < got.length(); i++) {
                assertEquals(1, got.get(i), "value " + i);
            }
            assertEquals(0, ch.waiterCount());
            return null;
        });
    }
}
