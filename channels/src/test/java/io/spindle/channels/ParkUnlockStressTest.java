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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Park-with-unlock under stress (Channel's overview: Lock; ParkLoop.awaitUnlocking): fibers on 1, 2
 * and 4 carriers, plus two plain threads, hand values over an unbuffered and a buffered(2) channel
 * with every kind of wait that parks holding the channel lock: blocking send/receive, timed
 * send/receive with random short timeouts (the timer races the completer's resumeBy), selects over
 * both channels (the composite lock) with and without a timeout, operations cancelled at random
 * moments (cancellation races resumeBy), and operations made with the continuation pinned
 * ({@code Continuation.pin()}, as a native frame or a held monitor would), where the yield fails
 * and the fiber parks pinned (it releases the lock itself after publishing
 * PINNED). Seeds are logged.
 *
 * <p>End-of-run invariants: every value was received exactly once, or its send was cancelled (and
 * then it was received by nobody); no waiter record is left on either channel, nothing is left in
 * the buffer, and no fiber of the runtime is left (parked or otherwise) once the workers joined.
 */
class ParkUnlockStressTest {
    private static final int FIBER_PRODUCERS = 4;
    private static final int FIBER_CONSUMERS = 3;

    @ParameterizedTest(name = "carriers={0}")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(240)
    void givenMixedWaitsWithTimeoutsCancellationsAndPinnedParks_thenNothingIsLostDuplicatedOrLeftParked(int carriers)
            throws Exception {
        long seed = TestSupport.seed("ParkUnlockStressTest x" + carriers);
        int perProducer = TestSupport.iterations(10_000);
        int producers = FIBER_PRODUCERS + 1; // + one plain thread
        int total = producers * perProducer;
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        AtomicIntegerArray sendCancelled = new AtomicIntegerArray(total);
        AtomicInteger accounted = new AtomicInteger(); // received + cancelled sends
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // the whole run's limit (2 x -Dspindle.test.hangSeconds): then a dump of every fiber, and fail
        long giveUp = System.nanoTime() + Duration.ofSeconds(2 * TestSupport.HANG_SECONDS).toNanos();
        FiberFailures quiet = new FiberFailures(); // cancelled fibers fail on purpose
        long pinned;
        Channel<Integer> u = Channel.unbuffered();
        Channel<Integer> b = Channel.buffered(2);
        try (Runtime rt = Runtime.builder().carriers(carriers).deadlockGrace(null).exceptionHandler(quiet).build()) {
            Ops ops = new Ops(u, b, carriers > 1, received, sendCancelled, accounted, total, giveUp, seed);
            List<Fiber<Void>> workers = new ArrayList<>();
            for (int p = 0; p < FIBER_PRODUCERS; p++) {
                int base = p * perProducer;
                Random rnd = new Random(seed + p);
                workers.add(rt.spawn(() -> ops.produce(base, perProducer, rnd, true)));
            }
            for (int c = 0; c < FIBER_CONSUMERS; c++) {
                Random rnd = new Random(seed + 100 + c);
                workers.add(rt.spawn(() -> ops.consume(rnd, true)));
            }
            Thread tp = new Thread(() -> guard(failure,
                    () -> ops.produce(FIBER_PRODUCERS * perProducer, perProducer, new Random(seed + 50), false)),
                    "park-unlock-thread-producer");
            Thread tc = new Thread(() -> guard(failure, () -> ops.consume(new Random(seed + 150), false)),
                    "park-unlock-thread-consumer");
            tp.start();
            tc.start();
            for (Fiber<Void> f : workers) {
                try {
                    f.get(Math.max(1, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException hung) {
                    System.err.println(TestSupport.dump(rt));
                    throw new AssertionError("a worker hung (a lost wake-up?) (seed " + seed + "); fiber dump on stderr");
                } catch (ExecutionException e) {
                    throw new AssertionError("a worker failed (seed " + seed + ")", e.getCause());
                }
            }
            tp.join(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
            tc.join(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
            if (tp.isAlive() || tc.isAlive()) {
                System.err.println(TestSupport.dump(rt));
                throw new AssertionError("a plain-thread worker hung (seed " + seed + "); fiber dump on stderr");
            }
            if (failure.get() != null) {
                throw new AssertionError("a plain-thread worker failed (seed " + seed + ")", failure.get());
            }
            assertTrue(rt.fibers().isEmpty(), "fibers left after the run (seed " + seed + "): " + rt.fibers());
            pinned = rt.stats().pinned();
        }
        for (int id = 0; id < total; id++) {
            assertEquals(1, received.get(id) + sendCancelled.get(id), "value " + id + ": received "
                    + received.get(id) + " times, send cancelled " + sendCancelled.get(id) + " times (seed " + seed + ")");
        }
        assertEquals(0, u.waiterCount(), "waiter records left on the unbuffered channel (seed " + seed + ")");
        assertEquals(0, b.waiterCount(), "waiter records left on the buffered channel (seed " + seed + ")");
        assertEquals(0, b.size(), "values left in the buffer (seed " + seed + ")");
        if (carriers > 1) {
            assertTrue(pinned > 0, "no pinned park happened: the pinned path was not exercised (seed " + seed + ")");
        }
    }

    private static void guard(AtomicReference<Throwable> failure, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** The operations, shared by fibers and threads. */
    private record Ops(Channel<Integer> u, Channel<Integer> b, boolean pinnedOk, AtomicIntegerArray received,
                       AtomicIntegerArray sendCancelled, AtomicInteger accounted, int total, long giveUp, long seed) {

        void produce(int base, int n, Random rnd, boolean inFiber) {
            for (int i = 0; i < n; i++) {
                int id = base + i;
                int mode = rnd.nextInt(inFiber ? 7 : 4);
                switch (mode) {
                    case 0 -> u.send(id);
                    case 1 -> b.send(id);
                    case 2 -> Select.select(u.onSend(id, () -> 0), b.onSend(id, () -> 0));
                    case 3 -> sendWithTimeouts(id, rnd);
                    case 4 -> {
                        if (pinnedOk) {
                            boolean sent;
                            Continuation.pin(); // pinned: the yield fails, the carrier blocks (bounded)
                            try {
                                sent = u.trySend(id, Duration.ofMillis(1));
                            } finally {
                                Continuation.unpin();
                            }
                            if (!sent) {
                                b.send(id);
                            }
                        } else {
                            u.send(id);
                        }
                    }
                    default -> sendInCancellableFiber(id, rnd);
                }
            }
        }

        private void sendWithTimeouts(int id, Random rnd) {
            while (true) {
                Channel<Integer> ch = rnd.nextBoolean() ? u : b;
                if (rnd.nextBoolean()) {
                    if (ch.trySend(id, Duration.ofNanos(1 + rnd.nextInt(60_000)))) {
                        return;
                    }
                } else if (Select.select(u.onSend(id, () -> true), b.onSend(id, () -> true),
                        Select.onTimeout(Duration.ofNanos(1 + rnd.nextInt(60_000)), () -> false))) {
                    return;
                }
                checkGiveUp("a timed send of " + id);
            }
        }

        private void sendInCancellableFiber(int id, Random rnd) {
            boolean viaSelect = rnd.nextBoolean();
            Fiber<Void> one = Fiber.spawn(() -> {
                if (viaSelect) {
                    Select.select(u.onSend(id, () -> 0), b.onSend(id, () -> 0));
                } else {
                    u.send(id);
                }
            });
            if (rnd.nextInt(3) == 0) {
                if (rnd.nextBoolean()) {
                    Fiber.yieldNow(); // cancel later: more likely while parked
                }
                one.cancel();
            }
            try {
                one.join();
            } catch (CompletionException cancelled) {
                if (!(cancelled.getCause() instanceof FiberCancelledException)) {
                    throw cancelled;
                }
                sendCancelled.incrementAndGet(id); // nothing was delivered
                accounted.incrementAndGet();
            }
        }

        void consume(Random rnd, boolean inFiber) {
            while (accounted.get() < total) {
                checkGiveUp("consuming: " + accounted.get() + " of " + total + " accounted for");
                int mode = rnd.nextInt(inFiber ? 5 : 3);
                Integer v = switch (mode) {
                    case 0 -> u.tryReceive(Duration.ofNanos(1 + rnd.nextInt(100_000)));
                    case 1 -> b.tryReceive(Duration.ofNanos(1 + rnd.nextInt(100_000)));
                    case 2 -> Select.select(u.onReceive(x -> x), b.onReceive(x -> x),
                            Select.onTimeout(Duration.ofNanos(1 + rnd.nextInt(100_000)), () -> null));
                    case 3 -> {
                        if (pinnedOk) {
                            Continuation.pin(); // pinned, bounded
                            try {
                                yield Select.select(u.onReceive(x -> x), b.onReceive(x -> x),
                                        Select.onTimeout(Duration.ofMillis(1), () -> null));
                            } finally {
                                Continuation.unpin();
                            }
                        }
                        yield u.tryReceive(Duration.ofMillis(1));
                    }
                    default -> receiveInCancellableFiber(rnd);
                };
                if (v != null) {
                    if (received.incrementAndGet(v) != 1) {
                        throw new AssertionError("value " + v + " received twice (seed " + seed + ")");
                    }
                    accounted.incrementAndGet();
                }
            }
        }

        private Integer receiveInCancellableFiber(Random rnd) {
            boolean viaSelect = rnd.nextBoolean();
            Fiber<Integer> r = Fiber.spawn(() -> viaSelect
                    ? Select.select(u.onReceive(x -> x), b.onReceive(x -> x),
                            Select.onTimeout(Duration.ofMillis(2), () -> null))
                    : u.tryReceive(Duration.ofMillis(2)));
            if (rnd.nextInt(3) == 0) {
                if (rnd.nextBoolean()) {
                    Fiber.yieldNow();
                }
                r.cancel();
            }
            try {
                return r.join();
            } catch (CompletionException cancelled) {
                if (!(cancelled.getCause() instanceof FiberCancelledException)) {
                    throw cancelled;
                }
                return null; // a cancelled receive consumed nothing
            }
        }

        private void checkGiveUp(String what) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("gave up (seed " + seed + "): " + what);
            }
        }
    }
}
