package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.chan.BenchLatch;
import io.spindle.bench.impl.Impl;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * parked: N tasks each parked on a receive from one unbuffered channel; heap bytes per parked task
 * after GC (used heap after full GCs with all N parked, minus before, over N). Then N values are
 * sent, each task must receive one, and the wait group must open.
 */
final class Parked extends SizedWorkload {
    Parked() {
        super("parked", 100_000, 20_000, 500);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        int count = Math.toIntExact(n);
        BenchChannel<Integer> ch = impl.channels().unbuffered();
        BenchLatch done = impl.channels().latch(n);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        long before = HeapProbe.usedAfterGc();
        impl.run(() -> {
            for (int i = 0; i < count; i++) {
                impl.spawn(() -> {
                    started.incrementAndGet();
                    ch.receive();
                    received.incrementAndGet();
                    done.countDown();
                });
            }
            return null;
        });
        while (started.get() < count) {
            Thread.sleep(1);
        }
        Thread.sleep(20); // let the last ones reach their park
        long after = HeapProbe.usedAfterGc();
        impl.run(() -> {
            for (int i = 0; i < count; i++) {
                ch.send(i);
            }
            done.await();
            return null;
        });
        Workload.check("parked: tasks that received", n, received.get());
        return new Outcome(n, Math.max(0, (after - before) / n));
    }
}
