package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchLatch;
import io.spindle.bench.impl.Impl;

/** spawn: start N tasks that each count down one shared wait group; wait for all. */
final class Spawn implements Workload {
    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public long defaultN() {
        return 1_000_000;
    }

    @Override
    public long quickN() {
        return 200_000;
    }

    @Override
    public long tinyN() {
        return 1_000;
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        impl.run(() -> {
            BenchLatch done = impl.channels().latch(n);
            for (long i = 0; i < n; i++) {
                impl.spawn(done::countDown);
            }
            done.await(); // opens only after exactly n count-downs: nothing lost
            return null;
        });
        return Outcome.ops(n);
    }
}
