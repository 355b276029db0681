package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static io.spindle.channels.TestSupport.awaitWaiters;
import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.sync.WaitGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ports of Go's runtime/chan_test.go (TestChan, TestNonblockRecvRace, TestNonblockSelectRace(2),
 * TestSelfSelect, TestSelectStress, TestPseudoRandomSend, TestMultiConsumer,
 * TestSelectDuplicateChannel), rewritten for Spindle. Go's sleeps ("make sure it is queued") are
 * replaced by waiting for the channel's waiter count, so no test depends on timing.
 */
class GoChanTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testChan_givenCapacities0To30_whenExercised_thenBlockingFifoCloseAndLenHold(int carriers) {
        runIn(carriers, () -> {
            for (int cap = 0; cap < 30; cap++) {
                // receive from an empty channel waits; a non-blocking one does not
                Channel<Integer> c = Channel.buffered(cap);
                AtomicBoolean recv = new AtomicBoolean();
                Fiber.spawn(() -> {
                    c.receive();
                    recv.set(true);
                });
                awaitWaiters(c, 1);
                assertFalse(recv.get());
                assertEquals("default", Select.select(c.onReceive(v -> "recv"), Select.onDefault(() -> "default")));
                c.send(0);

                // send to a full channel waits; a non-blocking one does not
                Channel<Integer> f = Channel.buffered(cap);
                for (int i = 0; i < cap; i++) {
                    f.send(i);
                }
                AtomicBoolean sent = new AtomicBoolean();
                Fiber.spawn(() -> {
                    f.send(0);
                    sent.set(true);
                });
                awaitWaiters(f, 1);
                assertFalse(sent.get());
                assertEquals("default", Select.select(f.onSend(0, () -> "sent"), Select.onDefault(() -> "default")));
                f.receive();

                // closed: buffered values first, then closed
                Channel<Integer> d = Channel.buffered(cap);
                for (int i = 0; i < cap; i++) {
                    d.send(i);
                }
                d.close();
                for (int i = 0; i < cap; i++) {
                    assertEquals(i, d.receive());
                }
                assertThrows(ChannelClosedException.class, d::receive);

                // 100 values arrive in FIFO order
                Channel<Integer> o = Channel.buffered(cap);
                Fiber.spawn(() -> {
                    for (int i = 0; i < 100; i++) {
                        o.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, o.receive());
                }

                // 4 senders x 1000 values, 4 receivers: every value exactly 4 times
                int p = 4;
                int l = 1000;
                Channel<Integer> m = Channel.buffered(cap);
                for (int k = 0; k < p; k++) {
                    Fiber.spawn(() -> {
                        for (int i = 0; i < l; i++) {
                            m.send(i);
                        }
                    });
                }
                Channel<Map<Integer, Integer>> done = Channel.unbuffered();
                for (int k = 0; k < p; k++) {
                    Fiber.spawn(() -> {
                        Map<Integer, Integer> got = new HashMap<>();
                        for (int i = 0; i < l; i++) {
                            got.merge(m.receive(), 1, Integer::sum);
                        }
                        done.send(got);
                    });
                }
                Map<Integer, Integer> all = new HashMap<>();
                for (int k = 0; k < p; k++) {
                    done.receive().forEach((key, n) -> all.merge(key, n, Integer::sum));
                }
                assertEquals(l, all.size());
                for (int n : all.values()) {
                    assertEquals(p, n);
                }

                // len/cap
                Channel<Integer> lc = Channel.buffered(cap);
                assertEquals(0, lc.size());
                assertEquals(cap, lc.capacity());
                for (int i = 0; i < cap; i++) {
                    lc.send(i);
                }
                assertEquals(cap, lc.size());
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testNonblockRecvRace_givenAReadyChannel_whenClosedConcurrently_thenANonBlockingSelectStillReceives(int carriers) {
        runIn(carriers, () -> {
            AtomicInteger notReady = new AtomicInteger();
            for (int i = 0; i < TestSupport.iterations(10_000); i++) {
                Channel<Integer> c = Channel.buffered(1);
                c.send(1);
                Fiber<Void> f = Fiber.spawn(() -> {
                    Select.select(c.onReceive(v -> 0, () -> 0), Select.onDefault(() -> notReady.incrementAndGet()));
                });
                c.close();
                try {
                    c.receive();
                } catch (ChannelClosedException taken) {
                    // the fiber got the value first
                }
                f.join();
            }
            assertEquals(0, notReady.get(), "a closed channel is always ready");
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testNonblockSelectRace_givenOneOfTwoChannelsAlwaysReady_whenSelectingNonBlocking_thenDefaultNeverRuns(int carriers) {
        runIn(carriers, () -> {
            Channel<Boolean> done = Channel.buffered(1);
            for (int i = 0; i < TestSupport.iterations(20_000); i++) {
                boolean closeVariant = (i & 1) == 1; // Go's TestNonblockSelectRace2: close(c2) instead of c2 <- 1
                Channel<Integer> c1 = Channel.buffered(1);
                Channel<Integer> c2 = closeVariant ? Channel.unbuffered() : Channel.buffered(1);
                c1.send(1);
                Fiber.spawn(() -> done.send(Select.select(c1.onReceive(v -> true), c2.onReceive(v -> true, () -> true),
                        Select.onDefault(() -> false))));
                if (closeVariant) {
                    c2.close();
                } else {
                    c2.send(1);
                }
                Select.select(c1.onReceive(v -> 0), Select.onDefault(() -> 0));
                assertTrue(done.receive(), "no channel was ready");
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testSelfSelect_givenTwoFibersSelectingSendAndReceiveOnOneChannel_thenNoSelfReceiveNoDeadlock(int carriers) {
        runIn(carriers, () -> {
            for (int cap : new int[] {0, 10}) {
                Channel<Integer> c = Channel.buffered(cap);
                AtomicInteger selfReceives = new AtomicInteger();
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    Fiber.spawn(() -> {
                        try {
                            for (int i = 0; i < 1000; i++) {
                                SelectClause<Integer> send = c.onSend(me, () -> -1);
                                SelectClause<Integer> recv = c.onReceive(v -> v);
                                int v = (me == 0 || i % 2 == 0) ? Select.select(send, recv) : Select.select(recv, send);
                                if (cap == 0 && v == me) {
                                    selfReceives.incrementAndGet();
                                }
                            }
                        } finally {
                            wg.done();
                        }
                    });
                }
                wg.await();
                assertEquals(0, selfReceives.get());
                assertNoWaiters(c);
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testSelectStress_givenSendersReceiversAndSelectsOnFourChannels_thenAllCountsComplete(int carriers) {
        runIn(carriers, () -> {
            List<Channel<Integer>> c = List.of(Channel.unbuffered(), Channel.unbuffered(), Channel.buffered(2), Channel.buffered(3));
            int n = TestSupport.iterations(20_000);
            WaitGroup wg = new WaitGroup();
            wg.add(10);
            for (int k = 0; k < 4; k++) {
                Channel<Integer> ch = c.get(k);
                Fiber.spawn(() -> {
                    for (int i = 0; i < n; i++) {
                        ch.send(0);
                    }
                    wg.done();
                });
                Fiber.spawn(() -> {
                    for (int i = 0; i < n; i++) {
                        ch.receive();
                    }
                    wg.done();
                });
            }
            AtomicLong selected = new AtomicLong();
            Fiber.spawn(() -> { // sends n on each channel through one select; a finished channel becomes a null clause
                int[] cnt = new int[4];
                for (int i = 0; i < 4 * n; i++) {
                    List<SelectClause<Integer>> cl = new ArrayList<>();
                    for (int k = 3; k >= 0; k--) {
                        int kk = k;
                        cl.add(cnt[k] < n ? c.get(k).onSend(0, () -> kk) : null);
                    }
                    cnt[Select.<Integer>select(cl)]++;
                    selected.incrementAndGet();
                }
                wg.done();
            });
            Fiber.spawn(() -> {
                int[] cnt = new int[4];
                for (int i = 0; i < 4 * n; i++) {
                    List<SelectClause<Integer>> cl = new ArrayList<>();
                    for (int k = 0; k < 4; k++) {
                        int kk = k;
                        cl.add(cnt[k] < n ? c.get(k).onReceive(v -> kk) : null);
                    }
                    cnt[Select.<Integer>select(cl)]++;
                    selected.incrementAndGet();
                }
                wg.done();
            });
            wg.await();
            assertEquals(8L * n, selected.get());
            c.forEach(TestSupport::assertNoWaiters);
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testPseudoRandomSend_givenASelectOfTwoSendsOnOneChannel_thenBothValuesAppear(int carriers) {
        runIn(carriers, () -> {
            int n = 100;
            for (int cap : new int[] {0, n}) {
                Channel<Integer> c = Channel.buffered(cap);
                Fiber<int[]> reader = Fiber.spawn(() -> {
                    int[] l = new int[n];
                    for (int i = 0; i < n; i++) {
                        Fiber.yieldNow();
                        l[i] = c.receive();
                    }
                    return l;
                });
                for (int i = 0; i < n; i++) {
                    Select.select(c.onSend(1, () -> 0), c.onSend(0, () -> 0));
                }
                int ones = 0;
                for (int v : reader.join()) {
                    ones += v;
                }
                assertTrue(ones > n / 10 && n - ones > n / 10, "want pseudo-random, got " + ones + " ones of " + n);
            }
        });
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testMultiConsumer_givenWorkersRangingOverAQueue_thenEveryItemIsProcessedOnce(int carriers) {
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        int nwork = 23;
        int niter = TestSupport.iterations(100_000);
        long[] result = runIn(carriers, () -> {
            Channel<Integer> q = Channel.buffered(nwork * 3);
            Channel<Integer> r = Channel.buffered(nwork * 3);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < nwork; i++) {
                wg.add(1);
                int w = i;
                Fiber.spawn(() -> {
                    for (int v : q) {
                        if (pn[w % pn.length] == v) {
                            Fiber.yieldNow(); // mess with the FIFO-ish order
                        }
                        r.send(v);
                    }
                    wg.done();
                });
            }
            AtomicLong expect = new AtomicLong();
            Fiber.spawn(() -> {
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect.addAndGet(v);
                    q.send(v);
                }
                q.close();
                wg.await();
                r.close();
            });
            long n = 0;
            long s = 0;
            for (int v : r) {
                n++;
                s += v;
            }
            return new long[] {n, s, expect.get()};
        });
        assertEquals(niter, result[0]);
        assertEquals(result[2], result[1]);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void testSelectDuplicateChannel_givenASelectQueuedTwiceOnOneChannel_whenWokenElsewhere_thenTheQueueStaysIntact(int carriers) {
        runIn(carriers, () -> {
            Channel<Integer> c = Channel.unbuffered();
            Channel<Integer> d = Channel.unbuffered();
            Channel<Integer> e = Channel.unbuffered();
            Fiber.spawn(() -> {
                Select.select(c.onReceive(v -> 0), c.onReceive(v -> 0), d.onReceive(v -> 0));
                e.send(9);
            });
            awaitWaiters(c, 2); // A is queued twice on c
            Fiber<Integer> b = Fiber.spawn(c::receive);
            awaitWaiters(c, 3); // B queued behind A
            d.send(7);           // wakes A, which dequeues itself from c
            assertEquals(9, e.receive());
            c.send(8);           // must reach B
            assertEquals(8, b.join());
            assertNoWaiters(c, d, e);
            assertNull(c.tryReceive());
        });
    }
}
