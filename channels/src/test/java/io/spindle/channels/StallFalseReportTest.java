package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime's always-on stall watchdog never reports fibers that keep calling channel operations,
 * even ones that never park (trySend/tryReceive on a channel that always has room: the cooperative
 * budget makes them yield), nor a ping-pong pair that hands off through runnext forever.
 */
@Timeout(120)
class StallFalseReportTest {
    private static final Duration THRESHOLD = Duration.ofMillis(50);

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenBusyChannelLoops_thenNoStallIsReported(int carriers) {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Runtime rt = Runtime.builder().carriers(carriers).stallThreshold(THRESHOLD)
                .diagnosticsSink(reports::add).build()) {
            long runFor = THRESHOLD.multipliedBy(20).toNanos(); // the workload's length, not an assertion
            Channel<Integer> buffered = Channel.buffered(16);
            Channel<Integer> ping = Channel.unbuffered();
            Channel<Integer> pong = Channel.unbuffered();
            rt.run(() -> {
                Fiber<Long> nonParking = Fiber.spawn(() -> {
                    long end = System.nanoTime() + runFor;
                    long n = 0;
                    while (System.nanoTime() < end) {
                        if (buffered.trySend(1)) {
                            n++;
                        }
                        buffered.tryReceive();
                    }
                    return n;
                });
                Fiber<Void> echo = Fiber.spawn(() -> {
                    for (Integer v : ping) {
                        pong.send(v);
                    }
                    pong.close();
                });
                long end = System.nanoTime() + runFor;
                int i = 0;
                while (System.nanoTime() < end) {
                    ping.send(i);
                    assertEquals(i, pong.receive());
                    i++;
                }
                ping.close();
                echo.join();
                return nonParking.join();
            });
            assertEquals(List.of(), reports);
            assertEquals(0, rt.stats().stalls(), rt.stats()::toString);
            assertEquals(0, rt.stats().compensations(), rt.stats()::toString);
        }
    }
}
