package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.sync.WaitGroup;
import java.io.PrintStream;

/** A worker pool: jobs on a buffered channel, results on another, a WaitGroup to close the results. */
public final class WorkerPool {
    private WorkerPool() {
    }

    public static long run(int workers, int jobs) {
        try (Runtime rt = Runtime.create()) {
            return rt.run(() -> {
                Channel<Integer> jobQueue = Channel.buffered(100);
                Channel<Long> results = Channel.buffered(100);
                WaitGroup wg = new WaitGroup();
                for (int w = 0; w < workers; w++) {
                    wg.add(1);
                    Fiber.spawn(() -> {
                        try {
                            for (int j : jobQueue) {
                                results.send((long) j * j);
                            }
                        } finally {
                            wg.done();
                        }
                    });
                }
                Fiber.spawn(() -> {
                    for (int j = 1; j <= jobs; j++) {
                        jobQueue.send(j);
                    }
                    jobQueue.close(); // workers' range loops end when it is drained
                });
                Fiber.spawn(() -> {
                    wg.await();
                    results.close();
                });
                long sum = 0;
                for (long r : results) {
                    sum += r;
                }
                return sum;
            });
        }
    }

    public static void run(PrintStream out) {
        long sum = run(8, 1000);
        out.println("8 workers squared 1..1000, sum = " + sum);
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
