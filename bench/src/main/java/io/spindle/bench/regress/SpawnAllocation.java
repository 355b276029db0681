package io.spindle.bench.regress;

import io.spindle.runtime.Runtime;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bytes allocated per spawn by all threads (the fiber itself is 136 B), spawning one million
 * fibers with one shared body from a plain thread ({@code thread}) or from a fiber ({@code fiber}),
 * 2 carriers, six repetitions (docs/benchmarks.md, "spawn, skynet and sieve against the first
 * release").
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
 *      -cp bench/target/spindle-bench.jar io.spindle.bench.regress.SpawnAllocation thread|fiber
 * </pre>
 */
public final class SpawnAllocation {
    private SpawnAllocation() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(args[0].equals("thread") || args[0].equals("fiber"))) {
            System.err.println("usage: SpawnAllocation thread|fiber");
            System.exit(2);
        }
        boolean fromFiber = args[0].equals("fiber");
        int n = 1_000_000;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Runtime rt = Runtime.builder().carriers(2).name("alloc").build()) {
            for (int rep = 0; rep < 6; rep++) {
                AtomicInteger left = new AtomicInteger(n);
                CountDownLatch done = new CountDownLatch(1);
                Runnable body = () -> {
                    if (left.decrementAndGet() == 0) {
                        done.countDown();
                    }
                };
                long b0 = mx.getTotalThreadAllocatedBytes();
                long t0 = System.nanoTime();
                if (fromFiber) {
                    rt.run(() -> {
                        for (int i = 0; i < n; i++) {
                            rt.spawn(body);
                        }
                        return null;
                    });
                } else {
                    for (int i = 0; i < n; i++) {
                        rt.spawn(body);
                    }
                }
                done.await();
                long t1 = System.nanoTime();
                long b1 = mx.getTotalThreadAllocatedBytes();
                System.out.printf("%s rep %d: %.1f B/spawn (all threads), %.0f ns/spawn%n",
                        args[0], rep, (b1 - b0) / (double) n, (t1 - t0) / (double) n);
            }
            System.out.println("stats: " + rt.stats());
        }
    }
}
