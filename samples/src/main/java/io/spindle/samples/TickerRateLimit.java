package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Go's time.Ticker and the rate limiter from "Go by Example", built on Spindle's timers: a fiber
 * sends a tick every period on a channel of capacity 1 (a slow reader skips ticks, as Go's does).
 */
public final class TickerRateLimit {
    private TickerRateLimit() {
    }

    /** A ticker: a tick (the tick number) every {@code period}; close the returned channel to stop it. */
    static Channel<Long> ticker(Duration period) {
        Channel<Long> ticks = Channel.buffered(1);
        Fiber.spawn(() -> {
            for (long n = 1; !ticks.isClosed(); n++) {
                Fiber.sleep(period);
                try {
                    ticks.trySend(n); // drop the tick if the reader is behind
                } catch (io.spindle.channels.ChannelClosedException stopped) {
                    return;
                }
            }
        });
        return ticks;
    }

    public static void run(PrintStream out) {
        try (Runtime rt = Runtime.create()) {
            long elapsedMs = rt.run(() -> {
                Channel<Integer> requests = Channel.buffered(5);
                for (int i = 1; i <= 5; i++) {
                    requests.send(i);
                }
                requests.close();
                Channel<Long> limiter = ticker(Duration.ofMillis(20));
                long t0 = System.nanoTime();
                for (int req : requests) {
                    limiter.receive(); // at most one request per tick
                    out.println("request " + req + " served");
                }
                limiter.close();
                return (System.nanoTime() - t0) / 1_000_000;
            });
            out.println("5 requests at one per 20 ms tick took at least 100 ms: " + (elapsedMs >= 100));
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
