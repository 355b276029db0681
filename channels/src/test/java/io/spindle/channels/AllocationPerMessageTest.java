package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.runtime.Fiber;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No allocation per message in the steady state (Channel's and Select's overview, "Reuse"): on a
 * one-carrier runtime every fiber runs on the one carrier thread, so that thread's allocated-bytes
 * counter (HotSpot's ThreadMXBean) sees everything the hand-offs allocate: the waiters, the select
 * records, the wake-ups. After a warm-up, 100k messages must cost less than 1 byte each, amortised
 * (the only allocation left is the sender fiber each round spawns). Deterministic: the counter is
 * exact and the measured code runs on that one thread; no timing is involved.
 */
@Timeout(120)
class AllocationPerMessageTest {
    private static final int MESSAGES = 100_000;
    private static final int WARM_UP_ROUNDS = 5;

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        assumeTrue(t instanceof com.sun.management.ThreadMXBean, "needs HotSpot's ThreadMXBean");
        com.sun.management.ThreadMXBean h = (com.sun.management.ThreadMXBean) t;
        assumeTrue(h.isThreadAllocatedMemorySupported() && h.isThreadAllocatedMemoryEnabled(),
                "thread allocation accounting is off in this JVM");
        return h;
    }

    /** Bytes allocated on the carrier per message by {@code round} (run in the main fiber), after warm-up. */
    private static double bytesPerMessage(Supplier<Long> round) {
        com.sun.management.ThreadMXBean mx = threads();
        return TestSupport.runIn(1, () -> {
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                round.get();
            }
            long before = mx.getCurrentThreadAllocatedBytes(); // the carrier thread: see the class comment
            long sum = round.get();
            long after = mx.getCurrentThreadAllocatedBytes();
            assertEquals(expectedSum(), sum, "every message arrived");
            return (after - before) / (double) MESSAGES;
        });
    }

    private static long expectedSum() {
        long s = 0;
        for (int i = 0; i < MESSAGES; i++) {
            s += i & 0x7F;
        }
        return s;
    }

    /** One producer fiber sending {@code i & 0x7F} (cached Integers: no boxing allocation) MESSAGES times. */
    private static void produce(Channel<Integer> ch) {
        Fiber.spawn(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                ch.send(i & 0x7F);
            }
        });
    }

    private static long consume(Channel<Integer> ch) {
        long sum = 0;
        for (int i = 0; i < MESSAGES; i++) {
            sum += ch.receive();
        }
        return sum;
    }

    /** {@link #bytesPerMessage} of a round of {@link #produce} on {@code ch} and {@link #consume} in the main fiber. */
    private static double handOffBytesPerMessage(Channel<Integer> ch) {
        return bytesPerMessage(() -> {
            produce(ch);
            return consume(ch);
        });
    }

    @Test
    void givenAnUnbufferedChannel_thenAHandOffAllocatesNothingInTheSteadyState() {
        Channel<Integer> ch = Channel.unbuffered();
        double perMessage = handOffBytesPerMessage(ch);
        System.out.printf("[alloc] unbuffered: %.3f B/message%n", perMessage);
        assertTrue(perMessage < 1.0, "unbuffered: " + perMessage + " bytes allocated per message");
    }

    @Test
    void givenABufferedChannel_thenASendReceivePairAllocatesNothingInTheSteadyState() {
        Channel<Integer> ch = Channel.buffered(64);
        double perMessage = handOffBytesPerMessage(ch);
        System.out.printf("[alloc] buffered(64): %.3f B/message%n", perMessage);
        assertTrue(perMessage < 1.0, "buffered: " + perMessage + " bytes allocated per message");
    }

    @Test
    void givenASelectOverTwoChannelsWithClausesMadeOnce_thenItAllocatesNothingInTheSteadyState() {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        @SuppressWarnings("unchecked")
        SelectClause<Integer>[] clauses = new SelectClause[] {a.onReceive(v -> v), b.onReceive(v -> v)};
        double perMessage = bytesPerMessage(() -> {
            Fiber.spawn(() -> {
                for (int i = 0; i < MESSAGES; i += 2) {
                    a.send(i & 0x7F);
                }
            });
            Fiber.spawn(() -> {
                for (int i = 1; i < MESSAGES; i += 2) {
                    b.send(i & 0x7F);
                }
            });
            long sum = 0;
            for (int i = 0; i < MESSAGES; i++) {
                sum += Select.select(clauses);
            }
            return sum;
        });
        System.out.printf("[alloc] select over 2: %.3f B/message%n", perMessage);
        assertTrue(perMessage < 1.0, "select: " + perMessage + " bytes allocated per message");
    }
}
