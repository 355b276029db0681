package io.spindle.bench.workload;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ring: 503 tasks in a ring of unbuffered channels pass a token N hops (Benchmarks Game
 * thread-ring). The task that receives 0 must be number N mod 503; it then sends -1 round the ring,
 * which stops every task.
 */
final class Ring extends SizedWorkload {
    static final int SIZE = 503;

    Ring() {
        super("ring", 5_000_000, 500_000, 2_000);
    }

    @Override
    public Outcome run(Impl impl, long n) throws Exception {
        int hops = Math.toIntExact(n);
        int finisher = impl.run(() -> {
            List<BenchChannel<Integer>> links = new ArrayList<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                links.add(impl.channels().unbuffered());
            }
            AtomicInteger winner = new AtomicInteger(-1);
            List<Task> tasks = new ArrayList<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                int id = i;
                BenchChannel<Integer> in = links.get(i);
                BenchChannel<Integer> out = links.get((i + 1) % SIZE);
                tasks.add(impl.spawn(() -> member(id, in, out, winner)));
            }
            links.get(0).send(hops);
            for (Task t : tasks) {
                t.join();
            }
            return winner.get();
        });
        Workload.check("ring finisher", n % SIZE, finisher);
        return Outcome.ops(n);
    }

    private static void member(int id, BenchChannel<Integer> in, BenchChannel<Integer> out, AtomicInteger winner) {
        while (true) {
            int token = in.receive();
            if (token < 0) {
                if (winner.get() != id) {
                    out.send(token); // pass the stop token on; the finisher swallows it
                }
                return;
            }
            if (token == 0) {
                winner.set(id);
                out.send(-1);
                continue; // wait for the stop token to come round
            }
            out.send(token - 1);
        }
    }
}
