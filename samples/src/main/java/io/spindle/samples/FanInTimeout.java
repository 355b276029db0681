package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.time.Duration;

/** Fan-in with select: two talkers merged onto one channel, and a timeout that ends the listening. */
public final class FanInTimeout {
    private FanInTimeout() {
    }

    static Channel<String> talker(String name, Duration every) {
        Channel<String> c = Channel.unbuffered();
        Fiber.spawn(() -> {
            for (int i = 0; ; i++) {
                c.send(name + " " + i);
                Fiber.sleep(every);
            }
        });
        return c;
    }

    static Channel<String> fanIn(Channel<String> a, Channel<String> b) {
        Channel<String> merged = Channel.unbuffered();
        Fiber.spawn(() -> {
            while (true) {
                String s = Select.select(a.onReceive(v -> v), b.onReceive(v -> v));
                merged.send(s);
            }
        });
        return merged;
    }

    public static void run(PrintStream out) {
        try (Runtime rt = Runtime.create()) {
            int heard = rt.run(() -> {
                Channel<String> c = fanIn(talker("Joe", Duration.ofMillis(10)), talker("Ann", Duration.ofMillis(15)));
                Channel<Boolean> timeUp = Channel.unbuffered();
                Fiber.spawn(() -> {
                    Fiber.sleep(Duration.ofMillis(200));
                    timeUp.close();
                });
                int n = 0;
                while (true) {
                    String msg = Select.select(
                            c.onReceive(v -> v),
                            timeUp.onReceive(v -> null, () -> null));
                    if (msg == null) {
                        break;
                    }
                    n++;
                }
                // a select with a per-message timeout
                String r = Select.select(c.onReceive(v -> "one more: " + v),
                        Select.onTimeout(Duration.ofSeconds(5), () -> "timed out"));
                out.println(r.startsWith("one more") ? "a last message arrived within the per-message timeout" : r);
                return n;
            });
            out.println("heard " + (heard > 0 ? "some" : "no") + " messages from Joe and Ann before time was up");
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
