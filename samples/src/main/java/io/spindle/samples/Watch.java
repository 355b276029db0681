package io.spindle.samples;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Consumer;

/**
 * Runs a workload forever (or for a while) with the live web console on and prints its URL:
 * {@code java -jar samples/target/spindle-samples.jar watch NAME [seconds] [carriers] [port]}.
 *
 * <ul>
 *   <li>{@code skynet}: rounds of skynet(100 000), a tree of 111 111 fibers, with a 50 ms pause
 *       between rounds: spawn storms, steals, carriers parking and waking;</li>
 *   <li>{@code sieve}: the concurrent prime sieve, 300 filters chained by unbuffered channels,
 *       rebuilt each round: runnext hand-offs along a chain;</li>
 *   <li>{@code fanin}: 200 pairs of talkers that sleep and send, merged by select: timers, parked
 *       fibers, park sites;</li>
 *   <li>{@code http}: the HTTP/1.1 hello server of {@link HttpHelloServer} on io.spindle.net, under
 *       load from 32 client fibers sending keep-alive requests: fibers parked on sockets;</li>
 *   <li>{@code vthreads}: JDK virtual threads on Spindle's scheduler (rt.virtualThreadBuilder())
 *       passing a token through a SynchronousQueue ring: the virtual-thread counters.</li>
 * </ul>
 * seconds: 0 (default) runs until killed; carriers: default the processors; port: default 0 (any free port).
 */
public final class Watch {
    static final Map<String, Consumer<Runtime>> WORKLOADS = Map.of(
            "skynet", Watch::skynet,
            "sieve", Watch::sieve,
            "fanin", Watch::fanin,
            "vthreads", Watch::vthreads,
            "http", Watch::http);

    private Watch() {
    }

    public static void main(String[] args) throws InterruptedException {
        main(args, System.out);
    }

    static void main(String[] args, PrintStream out) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "";
        Consumer<Runtime> workload = WORKLOADS.get(name);
        if (workload == null) {
            System.err.println("usage: watch NAME [seconds] [carriers] [port], NAME one of " + WORKLOADS.keySet());
            System.exit(2);
            return;
        }
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int carriers = args.length > 2 ? Integer.parseInt(args[2]) : java.lang.Runtime.getRuntime().availableProcessors();
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (Runtime rt = Runtime.builder().name(name).carriers(carriers).console(port).build()) {
            out.println("Spindle console for sample '" + name + "': http://127.0.0.1:"
                    + rt.consoleAddress().orElseThrow().getPort() + "/"
                    + (seconds > 0 ? "  (for " + seconds + " s)" : "  (Ctrl-C to stop)"));
            out.flush();
            Fiber<Void> main = rt.spawn(() -> workload.accept(rt));
            if (seconds > 0) {
                Thread.sleep(seconds * 1000);
                main.cancel();
            } else {
                main.join();
            }
        }
    }

    private static void skynet(Runtime rt) {
        while (true) {
            long sum = SkynetTrace.skynet(0, 100_000);
            if (sum != 4_999_950_000L) {
                throw new IllegalStateException("skynet(100000) = " + sum);
            }
            Fiber.sleep(Duration.ofMillis(50));
        }
    }

    private static void sieve(Runtime rt) {
        while (true) {
            List<Fiber<?>> spawned = new ArrayList<>();
            Channel<Integer> ch = Channel.unbuffered();
            spawned.add(Fiber.spawn(() -> PrimeSieve.generate(ch)));
            Channel<Integer> current = ch;
            for (int i = 0; i < 300; i++) {
                int prime = current.receive();
                Channel<Integer> next = Channel.unbuffered();
                Channel<Integer> in = current;
                spawned.add(Fiber.spawn(() -> PrimeSieve.filter(in, next, prime)));
                current = next;
            }
            for (Fiber<?> f : spawned) {
                f.cancel();
            }
            Fiber.sleep(Duration.ofMillis(20));
        }
    }

    private static void fanin(Runtime rt) {
        List<Channel<String>> merged = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            merged.add(FanInTimeout.fanIn(FanInTimeout.talker("joe-" + i, Duration.ofMillis(10 + i % 7)),
                    FanInTimeout.talker("ann-" + i, Duration.ofMillis(15 + i % 5))));
        }
        for (Channel<String> c : merged) {
            Fiber.spawn(() -> {
                while (true) {
                    Select.select(c.onReceive(v -> v), Select.onTimeout(Duration.ofSeconds(1), () -> "quiet"));
                }
            });
        }
        Fiber.sleep(Duration.ofDays(365));
    }

    private static void http(Runtime rt) {
        io.spindle.net.TcpListener listener;
        try {
            listener = io.spindle.net.TcpListener.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        java.net.SocketAddress addr = listener.localAddress();
        Fiber<?> server = Fiber.spawn(() -> {
            HttpHelloServer.serve(listener);
            return null;
        });
        byte[] request = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Fiber<?>> clients = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            clients.add(Fiber.spawn(() -> {
                try (io.spindle.net.TcpStream s = io.spindle.net.TcpStream.connect(addr)) {
                    java.io.BufferedInputStream in = new java.io.BufferedInputStream(s.inputStream());
                    while (true) {
                        s.write(java.nio.ByteBuffer.wrap(request));
                        long length = 0;
                        String h;
                        while (!(h = HttpHelloServer.readLine(in)).isEmpty()) {
                            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                                length = Long.parseLong(h.substring(15).trim());
                            }
                        }
                        in.readNBytes((int) length);
                    }
                }
            }));
        }
        try {
            Fiber.sleep(Duration.ofDays(365));
        } finally {
            try {
                listener.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
            server.cancel();
            clients.forEach(Fiber::cancel);
        }
    }

    private static void vthreads(Runtime rt) {
        int n = 64;
        List<SynchronousQueue<Integer>> ring = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ring.add(new SynchronousQueue<>());
        }
        Thread.Builder.OfVirtual b = rt.virtualThreadBuilder().name("vt-", 0);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SynchronousQueue<Integer> in = ring.get(i);
            SynchronousQueue<Integer> out = ring.get((i + 1) % n);
            threads.add(b.start(() -> {
                try {
                    while (true) {
                        out.put(in.take() + 1);
                    }
                } catch (InterruptedException e) {
                    // stop
                }
            }));
        }
        try {
            Fiber.blocking(() -> {
                ring.get(0).put(0);
                return null;
            });
            Fiber.sleep(Duration.ofDays(365));
        } finally {
            // cancelled: stop the ring, or its threads would keep the carriers busy past close()
            for (Thread t : threads) {
                t.interrupt();
            }
        }
    }
}
