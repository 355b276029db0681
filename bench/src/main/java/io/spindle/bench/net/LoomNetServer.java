package io.spindle.bench.net;

import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code loom}: a virtual thread per connection with the JDK's blocking sockets (the JDK parks the
 * virtual thread and its poller wakes it); {@code loom-spindle}: the same virtual threads on
 * Spindle's scheduler (Runtime.virtualThreadBuilder), the JDK's poller still doing the I/O.
 */
final class LoomNetServer implements NetServer {
    private final Runtime rt;     // null: the JDK's default scheduler
    private final Thread.Builder.OfVirtual builder;
    private ServerSocket server;

    LoomNetServer(Runtime rt) {
        this.rt = rt;
        this.builder = rt == null ? Thread.ofVirtual() : rt.virtualThreadBuilder();
    }

    @Override
    public int start(Protocol protocol) throws IOException {
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        builder.name(rt == null ? "loom-acceptor" : "loom-spindle-acceptor").start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                builder.unstarted(() -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        protocol.serve(s.getInputStream(), s.getOutputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                }).start();
            }
        });
        return server.getLocalPort();
    }

    @Override
    public String threadNames() {
        // the JDK's I/O pollers serve both; the carriers are the default ForkJoinPool's or Spindle's
        String pollers = "|MasterPoller|Read-Poller.*|Write-Poller.*";
        return (rt == null ? "ForkJoinPool-\\d+-worker-\\d+" : rt.name() + "-carrier-\\d+") + pollers;
    }

    @Override
    public Runtime runtime() {
        return rt;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (rt != null) {
            rt.close();
        }
    }
}
