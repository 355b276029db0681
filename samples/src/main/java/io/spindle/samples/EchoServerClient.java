package io.spindle.samples;

import io.spindle.net.TcpListener;
import io.spindle.net.TcpStream;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's echo server: a fiber per connection, each parked in {@code read} while its client thinks,
 * and a handful of client fibers on the same runtime. No thread per connection: the runtime has
 * its carriers and one network poller thread, however many connections there are.
 */
public final class EchoServerClient {
    private EchoServerClient() {
    }

    /** The server: accept forever, a fiber per connection echoing bytes until the client half-closes. */
    static void serve(TcpListener listener) {
        while (true) {
            TcpStream conn;
            try {
                conn = listener.accept();               // parks until a client connects
            } catch (IOException closed) {
                return;                                 // the listener was closed
            }
            Fiber.spawn(() -> {
                try (conn) {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    while (conn.read(buf) >= 0) {       // parks while nothing arrived; -1 at end of stream
                        buf.flip();
                        conn.write(buf);                // parks while the send buffer is full
                        buf.clear();
                    }
                }
                return null;
            });
        }
    }

    /** One client: sends {@code lines} lines, reads each echo back with a BufferedReader. */
    static int client(InetSocketAddress server, int id, int lines) throws IOException {
        try (TcpStream s = TcpStream.connect(server)) {
            s.setNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.inputStream(), StandardCharsets.UTF_8));
            int ok = 0;
            for (int i = 0; i < lines; i++) {
                String line = "client " + id + " line " + i;
                s.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                if (line.equals(in.readLine())) {
                    ok++;
                }
            }
            s.shutdownOutput();                         // half-close: the server sees end of stream
            return in.readLine() == null ? ok : -1;     // and closes: we see it too
        }
    }

    public static void run(PrintStream out) {
        int clients = 10;
        int lines = 5;
        try (Runtime rt = Runtime.builder().name("echo").carriers(2).build()) {
            int total = rt.run(() -> {
                TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
                InetSocketAddress addr = (InetSocketAddress) listener.localAddress();
                Fiber.spawn(() -> serve(listener));
                List<Fiber<Integer>> cs = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int id = c;
                    cs.add(Fiber.spawn(() -> client(addr, id, lines)));
                }
                int sum = 0;
                for (int c = 0; c < clients; c++) {
                    int got = cs.get(c).join();
                    out.println("client " + c + ": " + got + " of " + lines + " lines echoed");
                    sum += got;
                }
                long threads = Thread.getAllStackTraces().keySet().stream()   // the stall watchdog aside
                        .filter(t -> t.getName().startsWith("echo-") && !t.getName().endsWith("-watchdog")).count();
                out.println("server threads: " + threads + " (2 carriers + 1 poller) for " + clients + " connections");
                listener.close();
                return sum;
            });
            out.println("echoed " + total + " lines over " + clients + " connections");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
