package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many producers and consumers, fibers and plain threads mixed, every way of sending and
 * receiving (blocking, try, timed, select), for every capacity, on 1 and 4 carriers. Invariants at
 * the end: every value received exactly once, each consumer saw each producer's values in order
 * (channels are FIFO), counters balance, no waiter record left.
 */
class ChannelStressTest {


    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#capacitiesOnOneAndFourCarriers")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenMixedProducersAndConsumers_whenStreamingThenClosing_thenNothingIsLostOrDuplicated(Cap cap, int carriers) throws Exception {
        long seed = TestSupport.seed("ChannelStressTest " + cap + " x" + carriers);
        SplittableRandom rnd = new SplittableRandom(seed);
        int fiberProducers = 1 + rnd.nextInt(4);
        int threadProducers = 1 + rnd.nextInt(2);
        int fiberConsumers = 1 + rnd.nextInt(4);
        int threadConsumers = 1 + rnd.nextInt(2);
        int producers = fiberProducers + threadProducers;
        int perProducer = TestSupport.iterations(10_000);
        Channel<Integer> ch = cap.make();
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        AtomicLong received = new AtomicLong();
        AtomicInteger orderViolations = new AtomicInteger();
        WaitGroup producing = new WaitGroup();
        producing.add(producers);
        try (Runtime rt = Runtime.builder().carriers(carriers).name("stress").build()) {
            List<Thread> threads = new ArrayList<>();
            List<Fiber<?>> fibers = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                long pseed = rnd.nextLong();
                Runnable body = () -> {
                    produce(ch, id, perProducer, new SplittableRandom(pseed));
                    producing.done();
                };
                if (p < fiberProducers) {
                    fibers.add(rt.spawn(body));
                } else {
                    threads.add(Thread.ofPlatform().name("producer-" + p).start(body));
                }
            }
            for (int c = 0; c < fiberConsumers + threadConsumers; c++) {
                long cseed = rnd.nextLong();
                Runnable body = () -> consume(ch, producers, perProducer, new SplittableRandom(cseed), seen, received, orderViolations);
                if (c < fiberConsumers) {
                    fibers.add(rt.spawn(body));
                } else {
                    threads.add(Thread.ofPlatform().name("consumer-" + c).start(body));
                }
            }
            rt.spawn(() -> {
                producing.await();
                ch.close();
            });
            for (Fiber<?> f : fibers) {
                f.join();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        assertEquals((long) producers * perProducer, received.get(), "received count");
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "value " + i + " seen once (seed=" + seed + ")");
        }
        assertEquals(0, orderViolations.get(), "per-producer FIFO");
        assertTrue(ch.isClosed());
        assertNoWaiters(ch);
    }

    private static void produce(Channel<Integer> ch, int id, int n, SplittableRandom rnd) {
        for (int i = 0; i < n; i++) {
            Integer v = id * n + i;
            switch (rnd.nextInt(4)) {
                case 0 -> ch.send(v);
                case 1 -> {
                    while (!ch.trySend(v)) {
                        Fiber.yieldNow();
                    }
                }
                case 2 -> {
                    while (!ch.trySend(v, Duration.ofMillis(1))) {
                        // timed out: nothing was sent, try again
                    }
                }
                default -> Select.select(ch.onSend(v, () -> null));
            }
        }
    }

    private static void consume(Channel<Integer> ch, int producers, int n, SplittableRandom rnd, AtomicIntegerArray seen,
                                AtomicLong received, AtomicInteger orderViolations) {
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        while (true) {
            Integer v;
            try {
                switch (rnd.nextInt(4)) {
                    case 0 -> v = ch.receive();
                    case 1 -> {
                        v = ch.tryReceive();
                        if (v == null) {
                            Fiber.yieldNow();
                            continue;
                        }
                    }
                    case 2 -> {
                        v = ch.tryReceive(Duration.ofMillis(1));
                        if (v == null) {
                            continue;
                        }
                    }
                    default -> v = Select.select(ch.onReceive(x -> x, () -> null));
                }
            } catch (ChannelClosedException closed) {
                return;
            }
            if (v == null) {
                return; // select's closed function
            }
            seen.incrementAndGet(v);
            received.incrementAndGet();
            int p = v / n;
            int seq = v % n;
            if (seq <= last[p]) {
                orderViolations.incrementAndGet();
            }
            last[p] = seq;
        }
    }
}
