package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedding: a plain-thread service hands work to fibers over a channel and gets the results back
 * on per-request reply channels. The plain threads block; the fibers park. Both ends share the same
 * channels.
 */
public final class ThreadService {
    private ThreadService() {
    }

    record Request(int n, Channel<Long> reply) {
    }

    static long fib(int n) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }

    public static List<Long> serve(int clients) throws InterruptedException {
        try (Runtime rt = Runtime.builder().name("service").build()) {
            Channel<Request> requests = Channel.buffered(16);
            for (int w = 0; w < 4; w++) {
                rt.spawn(() -> {
                    for (Request r : requests) {           // fibers: park when there is no work
                        r.reply().send(fib(r.n()));
                    }
                });
            }
            List<Long> answers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int n = 10 + c;
                Thread t = new Thread(() -> {              // plain threads: block on the same channels
                    Channel<Long> reply = Channel.unbuffered();
                    requests.send(new Request(n, reply));
                    long v = reply.receive();
                    synchronized (answers) {
                        answers.add(v);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            requests.close();
            answers.sort(null);
            return answers;
        }
    }

    public static void run(PrintStream out) {
        try {
            out.println("plain-thread clients got from fiber workers: " + serve(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
