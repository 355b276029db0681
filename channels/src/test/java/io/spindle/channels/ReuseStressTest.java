package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import io.spindle.testsupport.FiberFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reused waiter records under stress (Channel's and Select's overview, "Reuse"): long-lived fibers
 * keep re-arming their one cached Waiter and select record while plain sends and receives,
 * selects mixing sends and receives on the same channels (the same channel twice, too), timeouts
 * and cancellations race on an unbuffered and a buffered channel, from fibers and from plain
 * threads, until the channels close. A
 * record reused while still reachable would show up as a value lost or delivered twice, a waiter
 * queued twice ("already queued"), a waiter left behind, or a hang.
 *
 * <p>End-of-run invariants: every value whose send returned normally was received exactly once,
 * no other value was received, both channels hold no waiter, every fiber ended.
 */
class ReuseStressTest {

    static List<Integer> carriers() {
        return List.of(1, 2, 4);
    }

    private static final int SENDERS = 3;
    private static final int RECEIVERS = 2;
    private static final int MIXERS = 2;
    private static final int PER = TestSupport.CI ? 3_000 : 20_000;
    /** A receive that saw every channel closed and drained. */
    private static final int DRAINED = -1;
    /** A timeout or a select that did not receive. */
    private static final int NOTHING = -2;

    @ParameterizedTest(name = "carriers={0}")
    @MethodSource("carriers")
    @Timeout(120)
    void givenPlainAndSelectOperationsWithTimeoutsAndCancellations_thenEveryValueIsDeliveredOnceAndNothingIsLeft(
            int carriers) throws Exception {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] ReuseStressTest carriers=" + carriers + " seed=" + seed
                + " (replay with -Dspindle.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int producers = SENDERS + MIXERS + 1; // + one plain-thread sender
        AtomicIntegerArray sent = new AtomicIntegerArray(producers * PER);
        AtomicIntegerArray received = new AtomicIntegerArray(producers * PER);
        Channel<Integer> u = Channel.unbuffered();
        Channel<Integer> b = Channel.buffered(2);
        List<Channel<Integer>> chans = List.of(u, b);
        FiberFailures failures = new FiberFailures(); // cancelled fibers fail on purpose: recorded, not printed
        try (Runtime rt = Runtime.builder().carriers(carriers).name("reuse").deadlockGrace(null)
                .exceptionHandler(failures).build()) {
            List<Fiber<Void>> all = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                all.add(rt.spawn(sender(s, rnd.nextLong(), u, b, sent)));
            }
            for (int m = 0; m < MIXERS; m++) {
                all.add(rt.spawn(mixer(SENDERS + m, rnd.nextLong(), u, b, sent, received)));
            }
            for (int r = 0; r < RECEIVERS; r++) {
                all.add(rt.spawn(receiver(rnd.nextLong(), u, b, received)));
            }
            // Plain threads take part too (ThreadStrand's slot): one sender, one receiver; never cancelled.
            Throwable[] threadFailure = new Throwable[1];
            Thread threadSender = thread(sender(SENDERS + MIXERS, rnd.nextLong(), u, b, sent), threadFailure);
            Thread threadReceiver = thread(receiver(rnd.nextLong(), u, b, received), threadFailure);
            // Cancel a few fibers at random moments (the last receiver never: someone keeps receiving).
            List<Integer> victims = new ArrayList<>();
            for (int i = 0; i < all.size() - 1; i++) {
                if (rnd.nextInt(3) == 0) {
                    victims.add(i);
                }
            }
            for (int i : victims) {
                Thread.sleep(rnd.nextInt(20));
                all.get(i).cancel();
            }
            // Producers end by quota or cancellation; then closing ends the receivers.
            for (int i = 0; i < SENDERS + MIXERS; i++) {
                join(all.get(i), seed);
            }
            threadSender.join();
            u.close();
            b.close();
            for (int i = SENDERS + MIXERS; i < all.size(); i++) {
                join(all.get(i), seed);
            }
            threadReceiver.join();
            if (threadFailure[0] != null) {
                throw new AssertionError("a plain thread failed (seed " + seed + ")", threadFailure[0]);
            }
            // a cancelled last receiver cannot happen, but a cancelled one may have left values buffered
            Integer v;
            while ((v = tryReceiveOrNull(b)) != null) {
                received.incrementAndGet(v);
            }
            assertEquals(0, u.waiterCount(), "waiters left on the unbuffered channel (seed " + seed + ")");
            assertEquals(0, b.waiterCount(), "waiters left on the buffered channel (seed " + seed + ")");
        }
        int delivered = 0;
        for (int id = 0; id < sent.length(); id++) {
            assertEquals(sent.get(id), received.get(id), "value " + id + ": sent " + sent.get(id)
                    + " time(s), received " + received.get(id) + " time(s) (seed " + seed + ")");
            delivered += sent.get(id);
        }
        assertTrue(delivered > 0, "nothing was delivered (seed " + seed + ")");
    }

    private static Thread thread(Runnable body, Throwable[] failure) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "reuse-stress-thread");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Integer tryReceiveOrNull(Channel<Integer> c) {
        try {
            return c.tryReceive();
        } catch (ChannelClosedException drained) {
            return null;
        }
    }

    /** Joins a fiber: it ended normally, or by its cancellation. */
    private static void join(Fiber<Void> f, long seed) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof FiberCancelledException)) {
                throw new AssertionError("a fiber failed (seed " + seed + ")", e.getCause());
            }
        }
    }

    /** Plain sends (untimed and timed) of its own values; a send that returned normally counts. */
    private static Runnable sender(int index, long seed, Channel<Integer> u, Channel<Integer> b,
                                   AtomicIntegerArray sent) {
        return () -> {
            Random rnd = new Random(seed);
            try {
                for (int i = 0; i < PER; i++) {
                    int id = index * PER + i;
                    Channel<Integer> c = rnd.nextBoolean() ? u : b;
                    switch (rnd.nextInt(3)) {
                        case 0 -> {
                            c.send(id);
                            sent.incrementAndGet(id);
                        }
                        case 1 -> {
                            if (c.trySend(id, Duration.ofNanos(rnd.nextInt(200_000)))) {
                                sent.incrementAndGet(id);
                            }
                        }
                        default -> {
                            int r = Select.select(u.onSend(id, () -> 1), b.onSend(id, () -> 1),
                                    Select.onTimeout(Duration.ofNanos(rnd.nextInt(200_000)), () -> 0));
                            if (r == 1) {
                                sent.incrementAndGet(id);
                            }
                        }
                    }
                }
            } catch (ChannelClosedException closed) {
                // only after the producers were joined: cannot happen, but harmless
            }
        };
    }

    /**
     * Selects that send its own value or receive, on both channels at once (the same channel for
     * sending and receiving: a select never meets itself), with and without a timeout.
     */
    private static Runnable mixer(int index, long seed, Channel<Integer> u, Channel<Integer> b,
                                  AtomicIntegerArray sent, AtomicIntegerArray received) {
        return () -> {
            Random rnd = new Random(seed);
            int i = 0;
            while (i < PER) {
                int id = index * PER + i;
                SelectClause<Integer> timeout = rnd.nextBoolean()
                        ? Select.onTimeout(Duration.ofNanos(rnd.nextInt(200_000)), () -> NOTHING) : null;
                int r = Select.select(u.onSend(id, () -> id), b.onReceive(v -> v + 1_000_000_000),
                        u.onReceive(v -> v + 1_000_000_000), b.onSend(id, () -> id), timeout);
                if (r == id) {
                    sent.incrementAndGet(id);
                    i++;
                } else if (r >= 1_000_000_000) {
                    received.incrementAndGet(r - 1_000_000_000);
                } else if (timeout == null || r != NOTHING) {
                    throw new AssertionError("unexpected select result " + r);
                }
                if (ThreadLocalRandom.current().nextInt(64) == 0) {
                    Fiber.yieldNow();
                }
            }
        };
    }

    /** Receives (plain, timed, select) until both channels are closed and drained. */
    private static Runnable receiver(long seed, Channel<Integer> u, Channel<Integer> b, AtomicIntegerArray received) {
        return () -> {
            Random rnd = new Random(seed);
            while (true) {
                int v;
                switch (rnd.nextInt(3)) {
                    case 0 -> v = Select.select(u.onReceive(x -> x, () -> DRAINED), b.onReceive(x -> x, () -> DRAINED));
                    case 1 -> {
                        Channel<Integer> c = rnd.nextBoolean() ? u : b;
                        try {
                            Integer x = c.tryReceive(Duration.ofNanos(rnd.nextInt(200_000)));
                            v = x == null ? NOTHING : x;
                        } catch (ChannelClosedException drained) {
                            v = DRAINED;
                        }
                    }
                    default -> v = Select.select(u.onReceive(x -> x, () -> DRAINED), b.onReceive(x -> x, () -> DRAINED),
                            Select.onTimeout(Duration.ofNanos(rnd.nextInt(200_000)), () -> NOTHING));
                }
                if (v >= 0) {
                    received.incrementAndGet(v);
                } else if (v == DRAINED && u.isClosed() && b.isClosed() && b.size() == 0) {
                    return; // closed: the producers are all done, nothing more can come
                }
            }
        };
    }
}
