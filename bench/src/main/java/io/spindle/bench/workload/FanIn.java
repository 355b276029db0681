package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.chan.BenchSelector;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * fanin: 4 producers on 4 unbuffered channels, each sending 1..N/4; one consumer selects over all
 * four and checks the sum. (loom-juc has no select: its selector forwards through helper tasks.)
 */
final class FanIn extends SizedWorkload {
    static final int PRODUCERS = 4;

    FanIn() {
        super("fanin", 1_000_000, 200_000, 4_000);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        long perProducer = n / PRODUCERS;
        long total = PRODUCERS * perProducer;
        long sum = impl.run(() -> {
            List<BenchChannel<Long>> chans = new ArrayList<>();
            List<Task> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                BenchChannel<Long> ch = impl.channels().unbuffered();
                chans.add(ch);
                producers.add(impl.spawn(() -> {
                    for (long v = 1; v <= perProducer; v++) {
                        ch.send(v);
                    }
                }));
            }
            long s = 0;
            try (BenchSelector<Long> any = impl.channels().selector(chans)) {
                for (long i = 0; i < total; i++) {
                    s += any.receive();
                }
            }
            for (Task t : producers) {
                t.join();
            }
            return s;
        });
        Workload.check("fanin sum", PRODUCERS * (perProducer * (perProducer + 1) / 2), sum);
        return Outcome.ops(total);
    }
}
