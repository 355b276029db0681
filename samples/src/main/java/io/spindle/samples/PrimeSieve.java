package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's concurrent prime sieve: a generator fiber, and one filter fiber per prime found, chained by
 * unbuffered channels. Prints the first {@code n} primes.
 */
public final class PrimeSieve {
    private PrimeSieve() {
    }

    /** Sends 2, 3, 4, ... to {@code ch}. */
    static void generate(Channel<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copies the values from {@code in} to {@code out}, removing those divisible by {@code prime}. */
    static void filter(Channel<Integer> in, Channel<Integer> out, int prime) {
        for (int i : in) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    public static List<Integer> primes(int n) {
        try (Runtime rt = Runtime.create()) {
            return rt.run(() -> {
                List<Integer> found = new ArrayList<>();
                Channel<Integer> ch = Channel.unbuffered();
                Fiber.spawn(() -> generate(ch));
                Channel<Integer> current = ch;
                for (int i = 0; i < n; i++) {
                    int prime = current.receive();
                    found.add(prime);
                    Channel<Integer> next = Channel.unbuffered();
                    Channel<Integer> in = current;
                    Fiber.spawn(() -> filter(in, next, prime));
                    current = next;
                }
                return found; // closing the runtime cancels the generator and the filters
            });
        }
    }

    public static void run(PrintStream out) {
        List<Integer> p = primes(100);
        out.println("first 100 primes: " + p);
        out.println("the 100th prime is " + p.get(99));
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
