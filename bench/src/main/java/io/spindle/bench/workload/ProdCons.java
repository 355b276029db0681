package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * prodcons: 4 producers and 4 consumers over one channel of capacity 1024. Each producer sends
 * 1..N/4; when all are done main sends one 0 (stop) per consumer; the consumers' count and sum are
 * checked.
 */
final class ProdCons extends SizedWorkload {
    static final int PRODUCERS = 4;
    static final int CONSUMERS = 4;
    static final int CAPACITY = 1024;

    ProdCons() {
        super("prodcons", 2_000_000, 400_000, 4_000);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        long perProducer = n / PRODUCERS;
        LongAdder count = new LongAdder();
        LongAdder sum = new LongAdder();
        impl.run(() -> {
            BenchChannel<Long> ch = impl.channels().buffered(CAPACITY);
            List<Task> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(impl.spawn(() -> consume(ch, count, sum)));
            }
            List<Task> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(impl.spawn(() -> {
                    for (long v = 1; v <= perProducer; v++) {
                        ch.send(v);
                    }
                }));
            }
            for (Task t : producers) {
                t.join();
            }
            for (int c = 0; c < CONSUMERS; c++) {
                ch.send(0L);
            }
            for (Task t : consumers) {
                t.join();
            }
            return null;
        });
        Workload.check("prodcons messages", PRODUCERS * perProducer, count.sum());
        Workload.check("prodcons sum", PRODUCERS * (perProducer * (perProducer + 1) / 2), sum.sum());
        return Outcome.ops(PRODUCERS * perProducer);
    }

    private static void consume(BenchChannel<Long> ch, LongAdder count, LongAdder sum) {
        long c = 0;
        long s = 0;
        while (true) {
            long v = ch.receive();
            if (v == 0) {
                break;
            }
            c++;
            s += v;
        }
        count.add(c);
        sum.add(s);
    }
}
