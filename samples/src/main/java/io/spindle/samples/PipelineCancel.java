package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;

/**
 * A pipeline (generate -> square -> consume) cancelled by closing a {@code done} channel, the Go
 * blog's pattern: every stage selects on {@code done} next to its send, so closing it stops them all.
 */
public final class PipelineCancel {
    private PipelineCancel() {
    }

    /** Sends {@code v} unless {@code done} is closed first; true when the stage must stop. */
    static boolean sendOrStop(Channel<Integer> out, int v, Channel<Void> done) {
        return Select.select(out.onSend(v, () -> false), done.onReceive(x -> true, () -> true));
    }

    static Channel<Integer> generate(Channel<Void> done) {
        Channel<Integer> out = Channel.unbuffered();
        Fiber.spawn(() -> {
            try {
                for (int i = 1; !sendOrStop(out, i, done); i++) {
                    // each value sent; the loop ends when done is closed
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    static Channel<Integer> square(Channel<Void> done, Channel<Integer> in) {
        Channel<Integer> out = Channel.unbuffered();
        Fiber.spawn(() -> {
            try {
                for (int v : in) {
                    if (sendOrStop(out, v * v, done)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    public static void run(PrintStream out) {
        try (Runtime rt = Runtime.create()) {
            String r = rt.run(() -> {
                Channel<Void> done = Channel.unbuffered();
                Channel<Integer> squares = square(done, generate(done));
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    b.append(squares.receive()).append(' ');
                }
                done.close(); // cancel: both stages see done closed and return
                int drained = 0;
                for (int ignored : squares) {
                    drained++; // at most one value was in flight
                }
                return b.toString().trim() + " | stages stopped after close(done); values in flight drained: " + (drained <= 1);
            });
            out.println("first five squares: " + r);
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
