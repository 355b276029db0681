package io.spindle.bench.jmh;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.chan.BenchLatch;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Parker;
import io.spindle.bench.impl.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bodies of the JMH benchmarks. Each runs a batch of operations inside one task of the
 * implementation (so that per-invocation start-up is amortised; benchmarks declare the batch size
 * with {@code @OperationsPerInvocation}) and returns something for the Blackhole.
 */
final class Batches {
    private Batches() {
    }

    /** Spawns {@code n} tasks that each count down a latch, waits; with {@code work} > 0 each task burns CPU. */
    static long spawn(Impl impl, int n, long work) throws Exception {
        return impl.run(() -> {
            BenchLatch done = impl.channels().latch(n);
            for (int i = 0; i < n; i++) {
                impl.spawn(() -> {
                    if (work > 0) {
                        Blackhole.consumeCPU(work);
                    }
                    done.countDown();
                });
            }
            done.await();
            return (long) n;
        });
    }

    static long yields(Impl impl, int n) throws Exception {
        return impl.run(() -> {
            for (int i = 0; i < n; i++) {
                impl.yieldNow();
            }
            return (long) n;
        });
    }

    /** Two tasks hand control to each other {@code n} times with park/unpark. */
    static long handoff(Impl impl, int n) throws Exception {
        Parker p = impl.parker();
        AtomicInteger turn = new AtomicInteger(); // even: main's turn, odd: partner's
        return impl.run(() -> {
            Object main = p.current();
            Object[] partner = new Object[1];
            AtomicInteger ready = new AtomicInteger();
            Task t = impl.spawn(() -> {
                partner[0] = p.current();
                ready.set(1);
                for (int i = 1; i < 2 * n; i += 2) {
                    while (turn.get() != i) {
                        p.park();
                    }
                    turn.set(i + 1);
                    p.unpark(main);
                }
            });
            while (ready.get() == 0) {
                impl.yieldNow();
            }
            for (int i = 0; i < 2 * n; i += 2) {
                while (turn.get() != i) {
                    p.park();
                }
                turn.set(i + 1);
                p.unpark(partner[0]);
            }
            t.join();
            return (long) turn.get();
        });
    }

    /** One producer sends {@code n} values to one consumer over {@code ch}. */
    static long stream(Impl impl, BenchChannel<Integer> ch, int n) throws Exception {
        return impl.run(() -> {
            Task producer = impl.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i & 0x7F);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += ch.receive();
            }
            producer.join();
            return sum;
        });
    }
}
