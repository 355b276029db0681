package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.chan.ChannelFamily;
import io.spindle.bench.impl.Impl;

/**
 * skynet: a 10-ary tree of tasks with N leaves (N a power of 10); each leaf sends its ordinal to its
 * parent over an unbuffered channel, parents sum and send up; the root's sum must be N(N-1)/2.
 */
final class Skynet extends SizedWorkload {
    Skynet() {
        super("skynet", 1_000_000, 100_000, 1_000);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        if (n < 1 || !isPowerOfTen(n)) {
            throw new IllegalArgumentException("skynet needs a power of 10 leaves, got " + n);
        }
        long sum = impl.run(() -> {
            BenchChannel<Long> root = impl.channels().unbuffered();
            impl.spawn(() -> node(impl, root, 0, n));
            return root.receive();
        });
        Workload.check("skynet sum", n * (n - 1) / 2, sum);
        return Outcome.ops(n);
    }

    private static void node(Impl impl, BenchChannel<Long> parent, long num, long size) {
        if (size == 1) {
            parent.send(num);
            return;
        }
        ChannelFamily family = impl.channels();
        BenchChannel<Long> children = family.unbuffered();
        long sub = size / 10;
        for (int i = 0; i < 10; i++) {
            long childNum = num + i * sub;
            impl.spawn(() -> node(impl, children, childNum, sub));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += children.receive();
        }
        parent.send(sum);
    }

    private static boolean isPowerOfTen(long n) {
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
