package io.spindle.net;

import io.spindle.runtime.Strand;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP connection whose blocking calls park the calling fiber instead of blocking its carrier
 * thread (Go's {@code net.TCPConn}, Tokio's {@code TcpStream}). From a plain thread the same calls
 * block the thread.
 *
 * <pre>{@code
 * try (TcpStream s = TcpStream.connect(new InetSocketAddress("127.0.0.1", 8080))) {
 *     s.write(ByteBuffer.wrap("ping".getBytes()));        // writes everything
 *     ByteBuffer reply = ByteBuffer.allocate(4);
 *     s.readFully(reply);                                 // parks until 4 bytes came
 * }
 * }</pre>
 *
 * <h2>What parks</h2>
 * {@link #connect}, {@link #read}, {@link #readFully} and {@link #write} park while the socket is
 * not ready (registered with the runtime's poller, see docs/net.md); {@link #close},
 * {@link #shutdownOutput}, the addresses and options never park.
 *
 * <h2>Concurrency</h2>
 * One reader and one writer may use a stream at the same time (a fiber reading while another
 * writes); a second concurrent reader (or writer) gets an {@link IllegalStateException} when it has
 * to wait. {@link #close()} may be called from anywhere: a fiber or thread parked in a read or write
 * wakes with an {@link IOException} saying the stream was closed.
 *
 * <h2>Cancellation and timeouts</h2>
 * A {@linkplain io.spindle.runtime.Fiber#cancel() cancelled} fiber parked in a call wakes with
 * {@link io.spindle.runtime.FiberCancelledException}; nothing was consumed, and the stream stays
 * usable. A read that waits longer than the {@linkplain #setReadTimeout read timeout} throws
 * {@link SocketTimeoutException}; the stream stays usable. A plain thread interrupted while it waits
 * gets {@link java.io.InterruptedIOException} (its interrupt status stays set; the stream stays open).
 */
public final class TcpStream implements Closeable {
    private final SocketChannel channel;
    private final PollHandle io;
    private volatile long readTimeoutNanos; // 0: none. Any thread writes (setReadTimeout), readers read.
    private volatile InputStream in;        // created on first use; racing creators make equal adapters
    private volatile OutputStream out;

    TcpStream(SocketChannel channel, PollHandle io) {
        this.channel = channel;
        this.io = io;
    }

    /** Connects to {@code address}, parking until connected. Refused -> {@link ConnectException}. */
    public static TcpStream connect(SocketAddress address) throws IOException {
        return connect(address, null);
    }

    /**
     * Connects to {@code address}, parking for at most {@code timeout} ({@code null}: no limit).
     *
     * @throws ConnectException         when the connection is refused (nobody listens there)
     * @throws SocketTimeoutException   when {@code timeout} passes first
     * @throws UnknownHostException     when the address is unresolved
     * @throws IllegalArgumentException for a negative or zero timeout
     */
    public static TcpStream connect(SocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address: the SocketAddress to connect to");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("connect timeout must be positive (or null for none), got " + timeout);
        }
        Strand.checkCancelled();
        SocketChannel ch = SocketChannel.open();
        PollHandle io = null;
        boolean ok = false;
        try {
            ChannelCalls.configureNonBlocking(ch);
            io = Pollers.current().handle(ch);
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            boolean connected = ChannelCalls.connect(ch, address);
            while (!connected) {
                long wait = 0;
                if (timeout != null) {
                    wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        throw new SocketTimeoutException("connect to " + address + " timed out after " + timeout);
                    }
                }
                io.awaitReady(SelectionKey.OP_CONNECT, wait);
                if (io.poller().isClosed()) {
                    throw new IOException("the runtime serving this socket was closed while connecting to " + address);
                }
                connected = ChannelCalls.finishConnect(ch);
            }
            ok = true;
            return new TcpStream(ch, io);
        } catch (ConnectException e) {
            ConnectException ce = new ConnectException("connection to " + address + " refused (is a server listening there?)");
            ce.initCause(e);
            throw ce;
        } catch (UnresolvedAddressException e) {
            throw new UnknownHostException("cannot resolve " + address);
        } finally {
            if (!ok) {
                ChannelCalls.close(ch);
                if (io != null) {
                    io.close();
                }
            }
        }
    }

    /**
     * Reads at least one byte into {@code dst} (parking until some arrive), or returns -1 at end of
     * stream (the peer shut down its output or closed). Returns 0 only when {@code dst} is full.
     *
     * @throws SocketTimeoutException when the read timeout passes first (the stream stays usable)
     */
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst: the buffer to read into");
        Strand.checkCancelled();
        Strand.cooperate();
        ensureOpen("read");
        if (!dst.hasRemaining()) {
            return 0;
        }
        long timeout = readTimeoutNanos;
        long deadline = timeout == 0 ? 0 : System.nanoTime() + timeout;
        while (true) {
            int n;
            try {
                n = ChannelCalls.read(channel, dst);
            } catch (IOException e) {
                throw translate(e, "reading");
            }
            if (n != 0) {
                return n;
            }
            long wait = 0;
            if (timeout != 0) {
                wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new SocketTimeoutException("read timed out after " + Duration.ofNanos(timeout)
                            + " (TcpStream.setReadTimeout); the stream is still usable");
                }
            }
            io.awaitReady(SelectionKey.OP_READ, wait);
            ensureOpen("read");
        }
    }

    /**
     * Reads until {@code dst} is full, parking as needed.
     *
     * @throws EOFException when the stream ends first (what was read stays in {@code dst})
     */
    public void readFully(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst: the buffer to read into");
        while (dst.hasRemaining()) {
            if (read(dst) < 0) {
                throw new EOFException("end of stream with " + dst.remaining() + " byte(s) still expected");
            }
        }
    }

    /** Writes all of {@code src}, parking while the socket's send buffer is full. */
    public void write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src: the buffer to write");
        Strand.checkCancelled();
        Strand.cooperate();
        ensureOpen("write");
        while (src.hasRemaining()) {
            int n;
            try {
                n = ChannelCalls.write(channel, src);
            } catch (IOException e) {
                throw translate(e, "writing");
            }
            if (n == 0) {
                io.awaitReady(SelectionKey.OP_WRITE, 0);
                ensureOpen("write");
            }
        }
    }

    /**
     * Sets how long a read may wait for data; {@code null} or zero: forever (the default). Applies
     * to reads that start afterwards, including those of {@link #inputStream()}.
     */
    public void setReadTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("read timeout must not be negative, got " + timeout);
        }
        readTimeoutNanos = timeout == null ? 0 : timeout.toNanos();
    }

    /** The read timeout; {@link Duration#ZERO} when none. */
    public Duration readTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    /**
     * Half-close (Go's {@code CloseWrite}): sends end-of-stream to the peer, which reads -1; this side
     * can still read. A later write throws an IOException.
     */
    public void shutdownOutput() throws IOException {
        ensureOpen("shut down the output of");
        try {
            ChannelCalls.shutdownOutput(channel);
        } catch (IOException e) {
            throw translate(e, "shutting down the output");
        }
    }

    /**
     * A blocking {@link InputStream} view (parks a fiber, blocks a thread) for
     * {@code BufferedReader}, {@code DataInputStream} and parsers. Unbuffered: wrap it in a
     * {@link java.io.BufferedInputStream} for small reads. Closing it closes this stream, like
     * {@link java.net.Socket#getInputStream()}.
     */
    public InputStream inputStream() {
        InputStream s = in;
        if (s == null) {
            s = new TcpInputStream(this);
            in = s;
        }
        return s;
    }

    /**
     * A blocking {@link OutputStream} view; every write writes everything. Unbuffered: wrap it in a
     * {@link java.io.BufferedOutputStream} for small writes. Closing it closes this stream.
     */
    public OutputStream outputStream() {
        OutputStream s = out;
        if (s == null) {
            s = new TcpOutputStream(this);
            out = s;
        }
        return s;
    }

    /** The local address; null once closed. */
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The peer's address; null once closed. */
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Sets a socket option ({@link StandardSocketOptions}: TCP_NODELAY, SO_KEEPALIVE, SO_LINGER, buffers...). */
    public <T> TcpStream setOption(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option");
        ensureOpen("set an option on");
        channel.setOption(option, value);
        return this;
    }

    /** Reads a socket option. */
    public <T> T getOption(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        ensureOpen("read an option of");
        return channel.getOption(option);
    }

    /** {@code TCP_NODELAY} (Nagle's algorithm off when true). Go sets it by default; Java does not. */
    public TcpStream setNoDelay(boolean on) throws IOException {
        return setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return io.isClosed();
    }

    /**
     * Closes the connection. A fiber or thread parked in a read or write of this stream wakes with
     * an {@link IOException}. Idempotent.
     */
    @Override
    public void close() throws IOException {
        io.closeWith(channel);
    }

    private void ensureOpen(String what) throws IOException {
        if (io.isClosed()) {
            throw new SocketException("cannot " + what + " a closed TcpStream" + (what.equals("read") || what.equals("write")
                    ? " (it was closed, possibly by another fiber or thread while this one waited)" : ""));
        }
        if (io.poller().isClosed()) {
            throw new SocketException("cannot " + what + " this TcpStream: the runtime serving it was closed");
        }
    }

    private IOException translate(IOException e, String doing) {
        if (e instanceof ClosedChannelException || io.isClosed()) {
            SocketException se = new SocketException("TcpStream closed while " + doing
                    + " (by another fiber or thread, or by close())");
            se.initCause(e);
            return se;
        }
        return e;
    }

    @Override
    public String toString() {
        return "TcpStream[" + (isClosed() ? "closed" : localAddress() + " -> " + remoteAddress()) + "]";
    }
}
