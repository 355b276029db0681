package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancellation racing with hand-offs: senders and receivers (plain and in selects) are cancelled at
 * random moments while values pass. Every value is accounted for exactly once: either a receiver
 * got it, or its send threw FiberCancelledException (and then nobody got it). A cancelled receive
 * consumed nothing: whatever it did not return is still received by somebody else.
 */
class CancellationStressTest {

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (int carriers : new int[] {1, 2, 4}) {
            for (int cap : new int[] {0, 1, 16}) {
                out.add(new Object[] {carriers, cap});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "carriers={0} capacity={1}")
    @MethodSource("cases")
    @Timeout(120)
    void givenRandomCancellationsDuringHandOffs_thenEveryValueIsDeliveredOnceOrItsSendWasCancelled(
            int carriers, int capacity) throws Exception {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] CancellationStressTest carriers=" + carriers + " cap=" + capacity + " seed=" + seed);
        Random rnd = new Random(seed);
        int senders = 4;
        int perSender = System.getenv("CI") != null ? 1_500 : 4_000;
        int total = senders * perSender;
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        AtomicIntegerArray sendCancelled = new AtomicIntegerArray(total);
        try (Runtime rt = Runtime.builder().carriers(carriers).deadlockGrace(null).build()) {
            Channel<Integer> ch = Channel.buffered(capacity);
            Channel<Integer> spare = Channel.unbuffered(); // a losing clause for select receivers
            // senders: each value is sent by a fresh fiber, so cancelling one loses at most that value's send
            List<Fiber<Void>> sendFibers = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int base = s * perSender;
                sendFibers.add(rt.spawn(() -> {
                    for (int i = 0; i < perSender; i++) {
                        int id = base + i;
                        Fiber<Void> one = Fiber.spawn(() -> ch.send(id));
                        if (id % 5 == 0) {
                            one.cancel(); // races with the send: before it starts, while parked, or after
                        }
                        try {
                            one.join();
                        } catch (CompletionException cancelled) {
                            // cancelled before it started, or while its send waited: nothing delivered
                            assertTrue(cancelled.getCause() instanceof FiberCancelledException, cancelled.toString());
                            sendCancelled.incrementAndGet(id);
                        }
                    }
                }));
            }
            // receivers: short-lived fibers, some cancelled while parked in receive or select
            long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Fiber<Void> receiving = rt.spawn(() -> {
                int got = 0;
                while (got + countCancelledSends(sendCancelled) < total) {
                    if (System.nanoTime() - giveUp > 0) {
                        throw new AssertionError("received " + got + ", cancelled sends "
                                + countCancelledSends(sendCancelled) + ", of " + total + " (seed " + seed + ")");
                    }
                    boolean viaSelect = rnd.nextBoolean();
                    Fiber<Integer> r = Fiber.spawn(() -> viaSelect
                            ? Select.select(ch.onReceive(v -> v), spare.onReceive(v -> -1),
                                    Select.onTimeout(Duration.ofMillis(20), () -> -2))
                            : ch.tryReceive(Duration.ofMillis(20)) instanceof Integer v ? v : -2);
                    if (rnd.nextInt(4) == 0) {
                        Fiber.yieldNow();
                        r.cancel();
                    }
                    try {
                        int v = r.join();
                        if (v >= 0) {
                            received.incrementAndGet(v);
                            got++;
                        }
                    } catch (CompletionException cancelled) {
                        assertTrue(cancelled.getCause() instanceof FiberCancelledException, cancelled.toString());
                    }
                }
            });
            for (Fiber<Void> f : sendFibers) {
                f.join();
            }
            receiving.join();
        }
        for (int id = 0; id < total; id++) {
            int r = received.get(id);
            int c = sendCancelled.get(id);
            assertEquals(1, r + c, "value " + id + ": received " + r + " times, send cancelled " + c
                    + " times (seed " + seed + ")");
        }
    }

    private static int countCancelledSends(AtomicIntegerArray a) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i);
        }
        return n;
    }
}
