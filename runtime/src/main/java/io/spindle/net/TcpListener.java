package io.spindle.net;

import io.spindle.runtime.Strand;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A TCP server socket whose {@link #accept()} parks the calling fiber (blocks a plain thread) until
 * a connection arrives (Go's {@code net.TCPListener}, Tokio's {@code TcpListener}).
 *
 * <pre>{@code
 * try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *     while (true) {
 *         TcpStream s = l.accept();
 *         Fiber.spawn(() -> serve(s));      // a fiber per connection
 *     }
 * }
 * }</pre>
 *
 * {@link #close()} from another fiber or thread wakes a fiber parked in {@code accept} with an
 * {@link IOException}. A cancelled fiber parked in accept gets
 * {@link io.spindle.runtime.FiberCancelledException} and the listener stays usable.
 */
public final class TcpListener implements Closeable {
    /** Backlog when none is given: the JDK's default for ServerSocket (50) is too small for a server under load; Go uses the kernel's somaxconn. */
    public static final int DEFAULT_BACKLOG = Integer.getInteger("spindle.net.backlog", 4096);

    private final ServerSocketChannel channel;
    private final PollHandle io;
    private final SocketAddress local;

    private TcpListener(ServerSocketChannel channel, PollHandle io) throws IOException {
        this.channel = channel;
        this.io = io;
        this.local = channel.getLocalAddress();
    }

    /** Binds to {@code address} (port 0: any free port, see {@link #localAddress()}) with the default backlog. */
    public static TcpListener bind(SocketAddress address) throws IOException {
        return bind(address, DEFAULT_BACKLOG);
    }

    /**
     * Binds to {@code address} with room for {@code backlog} pending connections.
     *
     * @throws BindException            when the address is in use (the message names it)
     * @throws IllegalArgumentException when backlog is less than 1
     */
    public static TcpListener bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address: the SocketAddress to listen on");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        boolean ok = false;
        try {
            ChannelCalls.configureNonBlocking(ch);
            try {
                ch.bind(address, backlog);
            } catch (BindException e) {
                BindException be = new BindException("cannot listen on " + address + ": " + e.getMessage()
                        + " (another server uses that address: pick another port, or port 0 for any free one)");
                be.initCause(e);
                throw be;
            } catch (UnresolvedAddressException e) {
                throw new UnknownHostException("cannot resolve " + address);
            }
            TcpListener l = new TcpListener(ch, Pollers.current().handle(ch));
            ok = true;
            return l;
        } finally {
            if (!ok) {
                ChannelCalls.close(ch);
            }
        }
    }

    /** Parks until a connection arrives and returns it. */
    public TcpStream accept() throws IOException {
        Strand.checkCancelled();
        Strand.cooperate();
        while (true) {
            ensureOpen();
            SocketChannel c;
            try {
                c = ChannelCalls.accept(channel);
            } catch (ClosedChannelException e) {
                SocketException se = new SocketException("TcpListener on " + local + " closed while accepting");
                se.initCause(e);
                throw se;
            }
            if (c != null) {
                try {
                    ChannelCalls.configureNonBlocking(c);
                    return new TcpStream(c, Pollers.current().handle(c));
                } catch (IOException | RuntimeException e) {
                    ChannelCalls.close(c);
                    throw e;
                }
            }
            io.awaitReady(SelectionKey.OP_ACCEPT, 0);
        }
    }

    /** The address it listens on (with the real port when bound to port 0). */
    public SocketAddress localAddress() {
        return local;
    }

    /** True once closed. */
    public boolean isClosed() {
        return io.isClosed();
    }

    /** Stops listening; a fiber parked in {@link #accept()} wakes with an IOException. Idempotent. */
    @Override
    public void close() throws IOException {
        io.closeWith(channel);
    }

    private void ensureOpen() throws IOException {
        if (io.isClosed()) {
            throw new SocketException("TcpListener on " + local + " is closed (possibly by another fiber or thread while this one waited)");
        }
        if (io.poller().isClosed()) {
            throw new SocketException("TcpListener on " + local + ": the runtime serving it was closed");
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + local + (isClosed() ? ", closed" : "") + "]";
    }
}
