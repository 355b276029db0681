package io.spindle.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The echo load generator, run in its own JVM: a closed loop on plain NIO (no Spindle, no virtual
 * threads), so it is neutral between the servers. Each connection has one 64-byte message in flight:
 * send, wait for the whole echo, check every byte, record the round trip in an HdrHistogram, send the
 * next. Connections are spread over {@code --threads} selector threads.
 *
 * <pre>java -cp spindle-bench.jar io.spindle.bench.net.EchoLoadClient --port P --connections N
 *      [--warmup-s 3] [--seconds 10] [--size 64] [--threads 1]</pre>
 * Prints one line: {@code RESULT connections=.. messages=.. rps=.. p50_us=.. p99_us=.. p999_us=.. max_us=.. errors=..}.
 */
public final class EchoLoadClient {
    private EchoLoadClient() {
    }

    /** One connection's closed loop. */
    private static final class Conn {
        final int id;
        final SocketChannel ch;
        final ByteBuffer out;
        final ByteBuffer in;
        long seq;
        long sentAt;

        Conn(int id, SocketChannel ch, int size) {
            this.id = id;
            this.ch = ch;
            this.out = ByteBuffer.allocateDirect(size);
            this.in = ByteBuffer.allocateDirect(size);
        }

        byte expected(int i) {
            return (byte) (id * 131 + seq * 31 + i);
        }

        void fill() {
            out.clear();
            for (int i = 0; i < out.capacity(); i++) {
                out.put(i, expected(i));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = -1;
        int connections = 100;
        double warmupS = 3;
        double seconds = 10;
        int size = 64;
        int threads = 1;
        double idleS = 0;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--warmup-s" -> warmupS = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--idle-s" -> idleS = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required");
        }
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
        List<List<Conn>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int c = 0; c < connections; c++) {
            SocketChannel ch = SocketChannel.open(addr);   // blocking connect, one at a time: no SYN burst
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            perThread.get(c % threads).add(new Conn(c, ch, size));
        }
        if (idleS > 0) { // idle mode: hold the connections open without sending (server memory per connection)
            System.out.println("CONNECTED " + connections);
            Thread.sleep((long) (idleS * 1000));
            for (List<Conn> cs : perThread) {
                for (Conn c : cs) {
                    c.ch.close();
                }
            }
            System.out.println("RESULT connections=" + connections + " idle=1 errors=0");
            return;
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupS * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        Loop[] loops = new Loop[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            loops[t] = new Loop(perThread.get(t), measureFrom, measureTo);
            ts[t] = new Thread(loops[t], "echo-load-" + t);
            ts[t].start();
        }
        Histogram h = new Histogram(3_600_000_000L, 3);
        long messages = 0;
        long errors = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            h.add(loops[t].histogram);
            messages += loops[t].measured;
            errors += loops[t].errors;
        }
        System.out.printf("RESULT connections=%d messages=%d rps=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f errors=%d%n",
                connections, messages, messages / seconds, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, errors);
        for (List<Conn> cs : perThread) {
            for (Conn c : cs) {
                c.ch.close();
            }
        }
    }

    /** One selector thread driving its connections until the measurement window ends. */
    private static final class Loop implements Runnable {
        final List<Conn> conns;
        final long measureFrom;
        final long measureTo;
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        long measured;
        long errors;

        Loop(List<Conn> conns, long measureFrom, long measureTo) {
            this.conns = conns;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
        }

        @Override
        public void run() {
            try (Selector sel = Selector.open()) {
                for (Conn c : conns) {
                    c.ch.register(sel, SelectionKey.OP_READ, c);
                    send(c, sel);
                }
                while (System.nanoTime() < measureTo) {
                    sel.select(k -> {
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isWritable()) {
                                c.ch.write(c.out);
                                if (!c.out.hasRemaining()) {
                                    k.interestOps(SelectionKey.OP_READ);
                                }
                            }
                            if (k.isReadable()) {
                                received(c, k);
                            }
                        } catch (IOException e) {
                            errors++;
                            k.cancel();
                        }
                    }, 100);
                }
            } catch (IOException e) {
                errors++;
                System.err.println("echo-load: " + e);
            }
        }

        private void received(Conn c, SelectionKey k) throws IOException {
            int n = c.ch.read(c.in);
            if (n < 0) {
                throw new IOException("server closed connection " + c.id);
            }
            if (c.in.hasRemaining()) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < c.in.capacity(); i++) {
                if (c.in.get(i) != c.expected(i)) {
                    errors++;
                    System.err.println("echo-load: connection " + c.id + " message " + c.seq + " byte " + i + " differs");
                    break;
                }
            }
            if (now >= measureFrom && now < measureTo) {
                histogram.recordValue(Math.min(now - c.sentAt, histogram.getHighestTrackableValue()));
                measured++;
            }
            c.seq++;
            send(c, k.selector());
        }

        private void send(Conn c, Selector sel) throws IOException {
            c.in.clear();
            c.fill();
            c.sentAt = System.nanoTime();
            c.ch.write(c.out);
            if (c.out.hasRemaining()) {
                c.ch.keyFor(sel).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
    }
}
