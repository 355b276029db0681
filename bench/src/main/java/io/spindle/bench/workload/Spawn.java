package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchLatch;
import io.spindle.bench.impl.Impl;

/** spawn: start N tasks that each count down one shared wait group; wait for all. */
final class Spawn extends SizedWorkload {
    Spawn() {
        super("spawn", 1_000_000, 200_000, 1_000);
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
