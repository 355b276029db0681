package io.spindle.net;

import io.spindle.runtime.Strand;
import io.spindle.runtime.internal.fiber.ExternalBlocker;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One socket's registration with a {@link Poller}: who waits for which readiness, and the
 * selection key. See the Poller's implementation overview for the protocol.
 *
 * <p>Two waiter slots, like Go's pollDesc (rg/wg): the read side (OP_READ or OP_ACCEPT) and the
 * write side (OP_WRITE or OP_CONNECT). One strand may wait in each slot at a time; a second one
 * gets an IllegalStateException (a socket has one reader and one writer at a time).
 */
final class PollHandle implements ExternalBlocker {
    /*
     * Fields, who writes them and who reads them:
     *   reader, writer  - volatile; set (CAS null -> me) by the waiting strand, cleared by the poller
     *                     when it wakes the waiter (getAndSet null), by close() (getAndSet null), or by
     *                     the waiter itself after its park returns (CAS me -> null)
     *   readOp, writeOp - plain; written by the waiter before its CAS on the slot (the CAS publishes
     *                     them), read by the poller after a volatile read of the slot. A socket's op per
     *                     side only changes once (OP_CONNECT, then OP_WRITE, by the same strand), so a
     *                     losing CAS that overwrote it wrote the same value
     *   closed          - volatile; written once by close(), read by waiters and the poller
     *   armed           - volatile; the ops the key watches; written by the poller after it set them
     *                     on the key, read by a waiter after its CAS on its slot (Poller: Lazy disarm)
     *   key             - plain; poller thread only
     */
    private static final VarHandle READER;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER = l.findVarHandle(PollHandle.class, "reader", Strand.class);
            WRITER = l.findVarHandle(PollHandle.class, "writer", Strand.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Poller poller;
    final SelectableChannel channel;
    private volatile Strand reader;
    private volatile Strand writer;
    private int readOp;
    private int writeOp;
    private volatile boolean closed;
    private volatile int armed;     // the key's interest ops; written by the poller after it set them, read by waiters
    private SelectionKey key;

    PollHandle(Poller poller, SelectableChannel channel) {
        this.poller = poller;
        this.channel = channel;
    }

    /** The poller serving this socket. */
    public Poller poller() {
        return poller;
    }

    /** True once {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Parks the current strand until the channel may be ready for {@code op} (one of
     * {@link SelectionKey}'s OP_ constants), the handle is closed, {@code nanos} pass ({@code nanos}
     * &lt;= 0: no timeout), or the poller stops. May return spuriously: the caller retries its
     * non-blocking operation and calls again. A cancelled fiber gets FiberCancelledException and
     * leaves the socket as it was.
     *
     * @throws InterruptedIOException on a plain thread that is interrupted (its interrupt status stays set)
     */
    public void awaitReady(int op, long nanos) throws InterruptedIOException {
        Strand me = Strand.current();
        boolean readSide = (op & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
        VarHandle slot = readSide ? READER : WRITER;
        if (readSide) {
            readOp = op;   // published by the CAS below (poller reads it after reading the slot)
        } else {
            writeOp = op;
        }
        if (!slot.compareAndSet(this, (Strand) null, me)) {
            throw new IllegalStateException("another fiber or thread is already " + (readSide ? "reading from"
                    : "writing to") + " this socket: use one reader and one writer at a time");
        }
        try {
            if (closed || poller.isClosed()) {
                return; // close() may have run before our CAS: it would not have seen us
            }
            if ((armed & op) == 0) { // volatile read after our CAS on the slot: see "Lazy disarm" in Poller
                poller.request(this, true);
                if (poller.isClosed()) {
                    return; // closed after our check: its last drain may have missed our request
                }
            } else {
                poller.countArmedWait(); // the key still watches op: the poller will see us, no request needed
            }
            if (!me.isFiber() && Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for a socket");
            }
            if (nanos > 0) {
                me.parkSelfNanos(this, nanos);
            } else {
                me.parkSelf(this);
            }
        } finally {
            slot.compareAndSet(this, me, (Strand) null); // fails when the poller or close() took it
        }
    }

    /**
     * Closes {@code channel}, the socket this handle serves, then this handle (waking its waiters);
     * nothing if already closed. The one close path of TcpStream and TcpListener.
     */
    void closeWith(java.nio.channels.Channel channel) throws java.io.IOException {
        if (isClosed()) {
            return;
        }
        try {
            ChannelCalls.close(channel);
        } finally {
            close();
        }
    }

    /**
     * Marks the handle closed and wakes its waiters (they see the closed socket when they retry),
     * and asks the poller to drop the registration so that the kernel socket is freed promptly.
     * Call it after closing the channel. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wake((Strand) READER.getAndSet(this, (Strand) null));
        wake((Strand) WRITER.getAndSet(this, (Strand) null));
        poller.request(this, false);
    }

    private static int wake(Strand s) {
        if (s != null) {
            s.unpark();
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- poller thread only

    /** Registration request: sets the key's interest to what the current waiters want. */
    void update(Selector selector) {
        if (closed) {
            if (key != null) {
                key.cancel(); // the selector deregisters it (and the JDK frees the fd) on its next select
                key = null;
            }
            return;
        }
        int ops = interest() | armed; // never narrows here: only fire() does, with its re-check
        try {
            if (key == null) {
                if (ops == 0) {
                    return;
                }
                key = channel.register(selector, ops, this);
            } else if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
            armed = ops; // after the key watches them: a waiter that sees op here needs no request
        } catch (ClosedChannelException | CancelledKeyException e) {
            wakeAll(); // closed under us: the waiters find out when they retry
        }
    }

    /**
     * The key is ready for {@code readyOps}: wakes the matching waiters. An op that is ready with
     * nobody waiting is disarmed (else the level-triggered selector would report it on every pass);
     * an op whose waiter was just woken stays armed, so that the waiter's next wait costs no request
     * (see Poller: Lazy disarm).
     */
    int fire(int readyOps) {
        int woken = 0;
        int idle = 0; // ready ops nobody waited for
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            Strand s = (Strand) READER.getAndSet(this, (Strand) null);
            if (s != null) {
                s.unpark();
                woken++;
            } else {
                idle |= readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
            }
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            Strand s = (Strand) WRITER.getAndSet(this, (Strand) null);
            if (s != null) {
                s.unpark();
                woken++;
            } else {
                idle |= readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
            }
        }
        // OP_CONNECT is one-shot: once connected, an armed OP_CONNECT still asks epoll for POLLOUT, which
        // a writable socket reports on every pass, but the JDK translates it to no ready op (the
        // connection is no longer pending), so fire() would never see it to disarm it: the poller would spin
        idle |= readyOps & SelectionKey.OP_CONNECT;
        if (idle != 0) {
            int ops = armed & ~idle;
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                return woken + wakeAll();
            }
            armed = ops; // volatile write, then re-read the slots (pairs with the waiter's CAS, then read of armed)
            if ((idle & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                woken += wake((Strand) READER.getAndSet(this, (Strand) null)); // arrived meanwhile: it is ready
            }
            if ((idle & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                woken += wake((Strand) WRITER.getAndSet(this, (Strand) null));
            }
        }
        return woken;
    }

    /** Wakes both waiters, if any (they retry and see what changed); returns how many. */
    int wakeAll() {
        return wake((Strand) READER.getAndSet(this, (Strand) null)) + wake((Strand) WRITER.getAndSet(this, (Strand) null));
    }

    private int interest() {
        int ops = 0;
        if (reader != null) {
            ops |= readOp;   // plain read after the volatile read of reader (see fields)
        }
        if (writer != null) {
            ops |= writeOp;
        }
        return ops;
    }

    /** What fiber dumps show as the blocker: "socket /127.0.0.1:5000 -> /127.0.0.1:41234 (read)". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        try {
            if (channel instanceof java.nio.channels.ServerSocketChannel ss) {
                b.append("listening socket ").append(ss.getLocalAddress());
            } else if (channel instanceof java.nio.channels.SocketChannel sc) {
                b.append("socket ").append(sc.getLocalAddress()).append(" -> ").append(sc.getRemoteAddress());
            } else {
                b.append("socket ").append(channel);
            }
        } catch (java.io.IOException e) {
            b.append("closed socket");
        }
        String waits = (reader != null ? " read" : "") + (writer != null ? " write" : "");
        return waits.isEmpty() ? b.toString() : b.append(" (").append(waits.substring(1)).append(')').toString();
    }
}
