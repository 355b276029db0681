package io.spindle.samples;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.sync.Mutex;
import io.spindle.sync.WaitGroup;
import java.io.PrintStream;

/**
 * A counter guarded by {@link Mutex}: 100 fibers add 1000 each. The mutex parks fibers; a
 * {@code synchronized} block around a park would silently break mutual exclusion (docs/embedding.md).
 */
public final class MutexCounter {
    private MutexCounter() {
    }

    public static long count(int fibers, int increments) {
        try (Runtime rt = Runtime.create()) {
            return rt.run(() -> {
                Mutex mu = new Mutex();
                long[] counter = {0};
                WaitGroup wg = new WaitGroup();
                wg.add(fibers);
                for (int f = 0; f < fibers; f++) {
                    Fiber.spawn(() -> {
                        for (int i = 0; i < increments; i++) {
                            mu.lock();
                            try {
                                long v = counter[0];
                                if (i % 100 == 0) {
                                    Fiber.yieldNow(); // let others try the lock while we hold it
                                }
                                counter[0] = v + 1;
                            } finally {
                                mu.unlock();
                            }
                        }
                        wg.done();
                    });
                }
                wg.await();
                mu.lock();
                try {
                    return counter[0];
                } finally {
                    mu.unlock();
                }
            });
        }
    }

    public static void run(PrintStream out) {
        out.println("100 fibers x 1000 increments under a Mutex = " + count(100, 1000));
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
