package io.spindle.channels;

import static io.spindle.channels.TestSupport.assertNoWaiters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Select under load: fan-in (several selecting consumers over many producer channels, one of
 * them a plain thread) and fan-out (selecting producers over many consumer channels), with
 * timeouts and defaults mixed in. Invariants: every value once, counters balance, no waiter
 * record left on any channel.
 */
class SelectStressTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 4})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenManyInputChannels_whenSelectingConsumersFanIn_thenEveryValueArrivesOnce(int carriers) throws Exception {
        long seed = TestSupport.seed("SelectStressTest.fanIn x" + carriers);
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 6;
        int per = TestSupport.iterations(10_000);
        List<Channel<Integer>> ins = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int c = new int[] {0, 1, 2, 16, 1024, Cap.UNBOUNDED}[i];
            ins.add(new Cap(c).make());
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(k * per);
        AtomicLong got = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            for (int i = 0; i < k; i++) {
                Channel<Integer> ch = ins.get(i);
                int base = i * per;
                rt.spawn(() -> {
                    for (int j = 0; j < per; j++) {
                        ch.send(base + j);
                    }
                    ch.close();
                });
            }
            Runnable consumer = () -> {
                SplittableRandom r = new SplittableRandom(rnd.nextLong());
                boolean[] closed = new boolean[k];
                int open = k;
                while (open > 0) {
                    List<SelectClause<Integer>> cl = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        int idx = i;
                        cl.add(closed[i] ? null : ins.get(i).onReceive(v -> v, () -> -1 - idx));
                    }
                    if (r.nextInt(8) == 0) {
                        cl.add(Select.onTimeout(Duration.ofNanos(r.nextInt(50_000)), () -> Integer.MIN_VALUE));
                    }
                    int v = Select.select(cl);
                    if (v == Integer.MIN_VALUE) {
                        timeouts.incrementAndGet();
                    } else if (v < 0) {
                        if (!closed[-1 - v]) {
                            closed[-1 - v] = true;
                            open--;
                        }
                    } else {
                        seen.incrementAndGet(v);
                        got.incrementAndGet();
                    }
                }
            };
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                fs.add(rt.spawn(consumer));
            }
            Thread t = Thread.ofPlatform().start(consumer);
            fs.forEach(Fiber::join);
            t.join();
        }
        assertEquals((long) k * per, got.get(), "seed=" + seed);
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "value " + i + " (seed=" + seed + ")");
        }
        ins.forEach(TestSupport::assertNoWaiters);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 4})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenSelectingProducers_whenFanningOutToManyChannels_thenEveryValueIsReceivedOnce(int carriers) throws Exception {
        long seed = TestSupport.seed("SelectStressTest.fanOut x" + carriers);
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 5;
        int producers = 3;
        int per = TestSupport.iterations(10_000);
        List<Channel<Integer>> outs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            outs.add(Channel.buffered(new int[] {0, 0, 1, 2, 16}[i]));
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * per);
        AtomicLong got = new AtomicLong();
        AtomicLong defaults = new AtomicLong();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            WaitGroup producing = new WaitGroup();
            producing.add(producers);
            for (int p = 0; p < producers; p++) {
                int base = p * per;
                long pseed = rnd.nextLong();
                Runnable body = () -> {
                    SplittableRandom r = new SplittableRandom(pseed);
                    for (int j = 0; j < per; j++) {
                        Integer v = base + j;
                        boolean sent = false;
                        while (!sent) {
                            List<SelectClause<Boolean>> cl = new ArrayList<>();
                            for (Channel<Integer> o : outs) {
                                cl.add(o.onSend(v, () -> true));
                            }
                            if (r.nextInt(4) == 0) {
                                cl.add(Select.onDefault(() -> false));
                            }
                            sent = Select.select(cl);
                            if (!sent) {
                                defaults.incrementAndGet();
                                Fiber.yieldNow();
                            }
                        }
                    }
                    producing.done();
                };
                if (p == 0) {
                    Thread.ofPlatform().start(body);
                } else {
                    rt.spawn(body);
                }
            }
            List<Fiber<Void>> consumers = new ArrayList<>();
            for (Channel<Integer> o : outs) {
                for (int c = 0; c < 2; c++) {
                    consumers.add(rt.spawn(() -> {
                        for (int v : o) {
                            seen.incrementAndGet(v);
                            got.incrementAndGet();
                        }
                    }));
                }
            }
            producing.await();
            outs.forEach(Channel::close);
            consumers.forEach(Fiber::join);
        }
        assertEquals((long) producers * per, got.get(), "seed=" + seed);
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "value " + i + " (seed=" + seed + ")");
        }
        outs.forEach(TestSupport::assertNoWaiters);
    }
}
