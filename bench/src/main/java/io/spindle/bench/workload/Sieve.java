package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.impl.Impl;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * sieve: the concurrent prime sieve (Go's classic): a generator task sends 2, 3, 4, ... and one filter
 * task per prime found passes on what its prime does not divide; the first N primes are read and
 * checked against a plain sieve. Teardown (part of the timed run): a stop flag makes the generator
 * send -1, which every filter forwards before ending, and main drains the chain until it arrives.
 */
final class Sieve extends SizedWorkload {
    Sieve() {
        super("sieve", 2_000, 1_000, 50);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        int count = Math.toIntExact(n);
        int[] expected = firstPrimes(count);
        long[] got = impl.run(() -> {
            AtomicBoolean stop = new AtomicBoolean();
            BenchChannel<Integer> ch = impl.channels().unbuffered();
            BenchChannel<Integer> first = ch;
            impl.spawn(() -> generate(first, stop));
            long sum = 0;
            int last = 0;
            for (int k = 0; k < count; k++) {
                int p = ch.receive();
                sum += p;
                last = p;
                if (k == count - 1) {
                    break;
                }
                BenchChannel<Integer> next = impl.channels().unbuffered();
                BenchChannel<Integer> in = ch;
                impl.spawn(() -> filter(p, in, next));
                ch = next;
            }
            stop.set(true);
            while (ch.receive() >= 0) {
                // drain until the stop token has passed every filter
            }
            return new long[] {last, sum};
        });
        long expectedSum = 0;
        for (int p : expected) {
            expectedSum += p;
        }
        Workload.check("sieve: prime #" + count, expected[count - 1], got[0]);
        Workload.check("sieve: sum of the primes", expectedSum, got[1]);
        return Outcome.ops(n);
    }

    private static void generate(BenchChannel<Integer> out, AtomicBoolean stop) {
        for (int i = 2; ; i++) {
            if (stop.get()) {
                out.send(-1);
                return;
            }
            out.send(i);
        }
    }

    private static void filter(int prime, BenchChannel<Integer> in, BenchChannel<Integer> out) {
        while (true) {
            int v = in.receive();
            if (v < 0) {
                out.send(v);
                return;
            }
            if (v % prime != 0) {
                out.send(v);
            }
        }
    }

    /** The first {@code count} primes by a plain sieve of Eratosthenes. */
    static int[] firstPrimes(int count) {
        int limit = Math.max(16, (int) (count * (Math.log(count + 2) + Math.log(Math.log(count + 2))) + 10));
        boolean[] composite = new boolean[limit + 1];
        int[] primes = new int[count];
        int found = 0;
        for (int i = 2; i <= limit && found < count; i++) {
            if (!composite[i]) {
                primes[found++] = i;
                for (long j = (long) i * i; j <= limit; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        if (found < count) {
            throw new AssertionError("sieve limit too small for " + count + " primes");
        }
        return primes;
    }
}
