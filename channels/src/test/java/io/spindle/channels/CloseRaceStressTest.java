package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * close() racing with sends, receives and selects (fibers and a plain thread), many rounds. A send
 * that throws ChannelClosedException delivered nothing; so after the race every value whose send
 * returned normally is received exactly once (by a receiver, or by the final drain), and no
 * other value is. Every strand ends; no waiter record is left.
 */
class CloseRaceStressTest {


    @ParameterizedTest(name = "{0}, {1} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#capacitiesOnOneAndFourCarriers")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenSendersReceiversAndSelects_whenCloseRacesWithThem_thenSentEqualsReceivedAndAllEnd(Cap cap, int carriers) throws Exception {
        long seed = TestSupport.seed("CloseRaceStressTest " + cap + " x" + carriers);
        SplittableRandom rnd = new SplittableRandom(seed);
        int rounds = TestSupport.iterations(100);
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            for (int round = 0; round < rounds; round++) {
                Channel<Integer> ch = cap.make();
                Set<Integer> sent = ConcurrentHashMap.newKeySet();
                Set<Integer> received = ConcurrentHashMap.newKeySet();
                AtomicInteger duplicates = new AtomicInteger();
                AtomicLong next = new AtomicLong();
                List<Fiber<?>> fs = new ArrayList<>();
                int senders = 1 + rnd.nextInt(3);
                int receivers = 1 + rnd.nextInt(3);
                for (int s = 0; s < senders; s++) {
                    boolean useSelect = rnd.nextBoolean();
                    fs.add(rt.spawn(() -> {
                        try {
                            while (true) {
                                int v = (int) next.getAndIncrement();
                                if (useSelect) {
                                    Select.select(ch.onSend(v, () -> null));
                                } else {
                                    ch.send(v);
                                }
                                sent.add(v);
                            }
                        } catch (ChannelClosedException expected) {
                            // the close won: this send delivered nothing
                        }
                    }));
                }
                for (int r = 0; r < receivers; r++) {
                    boolean useSelect = rnd.nextBoolean();
                    fs.add(rt.spawn(() -> {
                        while (true) {
                            Integer v = useSelect ? Select.select(ch.onReceive(x -> x, () -> null)) : receiveOrNull(ch);
                            if (v == null) {
                                return;
                            }
                            if (!received.add(v)) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }));
                }
                Thread threadReceiver = Thread.ofPlatform().start(() -> {
                    Integer v;
                    while ((v = receiveOrNull(ch)) != null) {
                        if (!received.add(v)) {
                            duplicates.incrementAndGet();
                        }
                    }
                });
                int spins = rnd.nextInt(200);
                for (int i = 0; i < spins; i++) {
                    Thread.onSpinWait();
                }
                ch.close();
                for (Fiber<?> f : fs) {
                    f.join();
                }
                threadReceiver.join();
                for (int v : ch) { // whatever is still buffered
                    if (!received.add(v)) {
                        duplicates.incrementAndGet();
                    }
                }
                assertEquals(0, duplicates.get(), "duplicates, round " + round + " seed=" + seed);
                Set<Integer> lost = new HashSet<>(sent);
                lost.removeAll(received);
                assertTrue(lost.isEmpty(), "lost " + lost + ", round " + round + " seed=" + seed);
                Set<Integer> phantom = new HashSet<>(received);
                phantom.removeAll(sent);
                assertTrue(phantom.isEmpty(), "received but never (successfully) sent: " + phantom + " seed=" + seed);
                assertEquals(0, ch.waiterCount(), "waiters left, round " + round);
            }
        }
    }

    private static Integer receiveOrNull(Channel<Integer> ch) {
        try {
            return ch.receive();
        } catch (ChannelClosedException closed) {
            return null;
        }
    }
}
