package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The same program (a token passed around a ring of 100 threads over unbuffered Spindle channels,
 * 100,000 hops) on JDK virtual threads with the default ForkJoinPool scheduler, and on virtual
 * threads driven by Spindle's scheduler ({@link Runtime#virtualThreadBuilder()}). Only the scheduler
 * differs. (Spindle channels work from any thread; a virtual thread parks through LockSupport.)
 *
 * <p>Why not {@code SynchronousQueue}: the JDK's LinkedTransferQueue, behind it, spins before
 * parking unless the carrier is a ForkJoinWorkerThread with queued work
 * ({@code ForkJoinWorkerThread.hasKnownQueuedWork}), so on any custom scheduler every hand-off spins
 * first; measured here: about 7 us per hop on Spindle's scheduler against 0.7 us on the default one.
 */
public final class LoomSideBySide {
    private LoomSideBySide() {
    }

    /**
     * Passes a counter round the ring until it reaches {@code hops}; then an end marker goes round
     * once so that every member stops (the last one does not pass it on: nobody would take it).
     * Returns the counter's final value.
     */
    static long ring(Thread.Builder builder, int members, int hops) throws InterruptedException {
        List<Channel<Integer>> links = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            links.add(Channel.unbuffered());
        }
        long[] reached = {-1};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Channel<Integer> in = links.get(i);
            Channel<Integer> out = links.get((i + 1) % members);
            threads.add(builder.start(() -> {
                while (true) {
                    int token = in.receive();
                    if (token == hops) {
                        reached[0] = token;
                        out.send(-1);              // start the end marker round
                        return;
                    }
                    if (token < 0) {               // end marker: -1, -2, ... counts who has seen it
                        if (-token < members - 1) {
                            out.send(token - 1);
                        }
                        return;
                    }
                    out.send(token + 1);
                }
            }));
        }
        links.get(0).send(0);
        for (Thread t : threads) {
            t.join();
        }
        return reached[0];
    }

    public static void run(PrintStream out) {
        int hops = 100_000;
        try {
            long t0 = System.nanoTime();
            long a = ring(Thread.ofVirtual(), 100, hops);
            long loomMs = (System.nanoTime() - t0) / 1_000_000;
            long spindleMs;
            long b;
            try (Runtime rt = Runtime.create()) {
                t0 = System.nanoTime();
                b = ring(rt.virtualThreadBuilder(), 100, hops);
                spindleMs = (System.nanoTime() - t0) / 1_000_000;
            }
            out.println("ring of 100 virtual threads, " + hops + " hops: default scheduler reached " + a
                    + ", Spindle's scheduler reached " + b);
            out.println("time (one run, noisy): ForkJoinPool " + loomMs + " ms, Spindle scheduler " + spindleMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
