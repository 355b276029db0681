package io.spindle.bench.net;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletionException;

/**
 * {@code spindle-blocking}: fibers with the JDK's blocking sockets, every socket call offloaded with
 * {@link Fiber#blocking} (what a fiber had to do before io.spindle.net): one pool thread per call in
 * flight, at most 512 (then calls queue).
 */
final class SpindleBlockingNetServer implements NetServer {
    private final Runtime rt;
    private ServerSocket server;

    SpindleBlockingNetServer(int carriers) {
        rt = Runtime.builder().name("net-spindle-blocking").carriers(carriers).deadlockGrace(null)
                .exceptionHandler((f, e) -> { }).build();
    }

    @Override
    public int start(Protocol protocol) throws IOException {
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        rt.spawn(() -> {
            while (true) {
                Socket s;
                try {
                    s = Fiber.blocking(server::accept);
                } catch (CompletionException | FiberCancelledException closed) {
                    return;
                } catch (Exception e) {
                    return;
                }
                Fiber.spawn(() -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        protocol.serve(new OffloadedIn(s.getInputStream()), new OffloadedOut(s.getOutputStream()));
                    } catch (IOException | RuntimeException e) {
                        // the client went away
                    }
                    return null;
                });
            }
        });
        return server.getLocalPort();
    }

    @Override
    public String threadNames() {
        return "net-spindle-blocking-.*";
    }

    @Override
    public Runtime runtime() {
        return rt;
    }

    @Override
    public void close() throws IOException {
        server.close();
        rt.close();
    }

    private static IOException unwrap(Exception e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof IOException io ? io : new IOException(c);
    }

    /** Each read runs on the blocking pool while the fiber parks. */
    private static final class OffloadedIn extends InputStream {
        private final InputStream in;

        OffloadedIn(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return Fiber.blocking(() -> in.read(b, off, len));
            } catch (Exception e) {
                throw unwrap(e);
            }
        }
    }

    /** Each write runs on the blocking pool while the fiber parks. */
    private static final class OffloadedOut extends OutputStream {
        private final OutputStream out;

        OffloadedOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                Fiber.blocking(() -> {
                    out.write(b, off, len);
                    return null;
                });
            } catch (Exception e) {
                throw unwrap(e);
            }
        }
    }
}
