package io.spindle.bench.net;

import io.spindle.net.TcpListener;
import io.spindle.net.TcpStream;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.net.InetSocketAddress;

/** {@code spindle}: a fiber per connection on io.spindle.net (sockets that park fibers). */
final class SpindleNetServer implements NetServer {
    private final Runtime rt;
    private TcpListener listener;

    SpindleNetServer(int carriers) {
        rt = Runtime.builder().name("net-spindle").carriers(carriers).deadlockGrace(null)
                .exceptionHandler((f, e) -> { if (!(e instanceof FiberCancelledException)) { System.err.println("fiber failed: " + e); e.printStackTrace(); } }).build();
    }

    @Override
    public int start(Protocol protocol) throws IOException {
        listener = rt.run(() -> TcpListener.bind(new InetSocketAddress("127.0.0.1", 0)));
        rt.spawn(() -> {
            while (true) {
                TcpStream s;
                try {
                    s = listener.accept();
                } catch (IOException | FiberCancelledException closed) {
                    return;
                }
                Fiber.spawn(() -> {
                    try (s) {
                        s.setNoDelay(true);
                        protocol.serve(s.inputStream(), s.outputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                    return null;
                });
            }
        });
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public String threadNames() {
        return "net-spindle-(carrier|poller|blocking)-?\\d*";
    }

    @Override
    public Runtime runtime() {
        return rt;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        rt.close();
    }
}
