package io.spindle.samples;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;

/** Entry point of the samples jar: {@code java -jar samples/target/spindle-samples.jar NAME}. */
public final class Samples {
    private Samples() {
    }

    public static void main(String[] args) {
        try (Runtime rt = Runtime.create()) {
            int v = rt.run(() -> Fiber.spawn(() -> 6 * 7).join());
            System.out.println("hello from a fiber: " + v);
        }
    }
}
