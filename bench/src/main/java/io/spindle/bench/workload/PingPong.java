package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Task;

/** pingpong: two tasks bounce an integer over two unbuffered channels, N round trips. */
final class PingPong extends SizedWorkload {
    PingPong() {
        super("pingpong", 1_000_000, 200_000, 1_000);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        long sum = impl.run(() -> {
            BenchChannel<Integer> ping = impl.channels().unbuffered();
            BenchChannel<Integer> pong = impl.channels().unbuffered();
            Task ponger = impl.spawn(() -> {
                for (long i = 0; i < n; i++) {
                    pong.send(ping.receive() + 1);
                }
            });
            long s = 0;
            for (int i = 0; i < n; i++) {
                ping.send(i & 0xFFFF);
                s += pong.receive();
            }
            ponger.join();
            return s;
        });
        long full = n / 65536;
        long rest = n % 65536;
        long expected = full * (65536L * 65537 / 2) + rest * (rest + 1) / 2; // sum of (i & 0xFFFF) + 1
        Workload.check("pingpong sum", expected, sum);
        return Outcome.ops(n);
    }
}
