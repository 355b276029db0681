package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic goroutine tutorial, with Go's real semantics: an unbuffered channel is a rendezvous
 * (each send waits until main takes the value), not "a queue of 1".
 *
 * <pre>
 * func incrementInt(c chan int, v int) { c &lt;- v }
 * go incrementInt(c, 22); go incrementInt(c, 43); go incrementInt(c, 13)
 * fmt.Println(&lt;-c, &lt;-c, &lt;-c)
 * </pre>
 */
public final class GoTutorial {
    private GoTutorial() {
    }

    static void incrementInt(Channel<Integer> c, int v) {
        c.send(v); // parks until main receives it: unbuffered means rendezvous
    }

    public static void run(PrintStream out) {
        try (Runtime rt = Runtime.create()) {
            rt.run(() -> {
                // 1. three fibers, one channel
                Channel<Integer> c = Channel.unbuffered();
                Fiber.spawn(() -> incrementInt(c, 22));
                Fiber.spawn(() -> incrementInt(c, 43));
                Fiber.spawn(() -> incrementInt(c, 13));
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(c.receive());
                }
                out.println("received " + got + " (any order: the three senders race), sum " + (got.get(0) + got.get(1) + got.get(2)));

                // 2. select between an int channel and a string channel; 3. a case that never fires
                Channel<Integer> ints = Channel.unbuffered();
                Channel<String> strings = Channel.unbuffered();
                Channel<Boolean> never = Channel.unbuffered(); // nobody ever sends here
                Fiber.spawn(() -> ints.send(42));
                Fiber.spawn(() -> strings.send("gopher"));
                for (int i = 0; i < 2; i++) {
                    String line = Select.select(
                            ints.onReceive(v -> "select got int " + v),
                            strings.onReceive(s -> "select got string " + s),
                            never.onReceive(b -> "this case never fires"));
                    out.println(line);
                }
                String last = Select.select(
                        never.onReceive(b -> "this case never fires"),
                        Select.onTimeout(Duration.ofMillis(50), () -> "nothing ready in 50 ms: the never-case did not fire"));
                out.println(last);
                return null;
            });
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
