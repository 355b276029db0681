package demo;

import io.spindle.channels.Channel;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;   // by name: java.lang.Runtime is in scope too

/** Four fibers send 1,000 numbers each over one channel; the main fiber adds them up. */
public class Hello {
    public static void main(String[] args) {
        try (Runtime rt = Runtime.builder().carriers(2).name("hello").build()) {
            long sum = rt.run(() -> {                      // blocks until this fiber ends
                Channel<Integer> ch = Channel.buffered(16);
                for (int w = 0; w < 4; w++) {
                    int base = w * 1000;
                    Fiber.spawn(() -> { for (int i = 0; i < 1000; i++) ch.send(base + i); });
                }
                long s = 0;
                for (int i = 0; i < 4000; i++) s += ch.receive();
                return s;
            });
            System.out.println("sum = " + sum + " (expected 7998000), on " + Hello.class.getModule());
        }
    }
}
