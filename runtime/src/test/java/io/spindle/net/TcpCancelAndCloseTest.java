package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cancelling or closing under a parked reader, writer or acceptor; half-close. */
@Timeout(30)
class TcpCancelAndCloseTest {

    private static Throwable failureOf(Fiber<?> f) {
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void cancelDuringAReadWakesWithFiberCancelledAndTheConnectionStaysUsable(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("cancel", carriers, failures)) {
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                     TcpStream c = TcpStream.connect(l.localAddress());
                     TcpStream s = l.accept()) {
                    Fiber<Integer> reader = Fiber.spawn(() -> c.read(ByteBuffer.allocate(8)));
                    NetTestSupport.awaitParkedOnSocket(reader);
                    assertTrue(reader.cancel());
                    assertInstanceOf(FiberCancelledException.class, failureOf(reader));
                    // nothing was consumed: a new reader gets all the bytes, and writes still work
                    s.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    ByteBuffer b = ByteBuffer.allocate(3);
                    c.readFully(b);
                    assertArrayEquals(new byte[] {1, 2, 3}, b.array());
                    c.write(ByteBuffer.wrap(new byte[] {4}));
                    ByteBuffer b2 = ByteBuffer.allocate(1);
                    s.readFully(b2);
                    assertEquals(4, b2.get(0));
                }
                return null;
            });
        }
        assertTrue(failures.isEmpty(), failures::toString);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void cancelDuringAcceptLeavesTheListenerUsable(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("cancelaccept", carriers, failures)) {
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK)) {
                    Fiber<TcpStream> acceptor = Fiber.spawn(l::accept);
                    NetTestSupport.awaitParkedOnSocket(acceptor);
                    acceptor.cancel();
                    assertInstanceOf(FiberCancelledException.class, failureOf(acceptor));
                    Fiber<TcpStream> again = Fiber.spawn(l::accept);
                    try (TcpStream c = TcpStream.connect(l.localAddress()); TcpStream s = again.join()) {
                        assertEquals(c.localAddress(), s.remoteAddress());
                    }
                }
                return null;
            });
        }
        assertTrue(failures.isEmpty(), failures::toString);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void closeFromAnotherFiberWakesTheParkedReaderWithAClearIOException(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("closeread", carriers, failures)) {
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                     TcpStream c = TcpStream.connect(l.localAddress());
                     TcpStream s = l.accept()) {
                    Fiber<Integer> reader = Fiber.spawn(() -> c.read(ByteBuffer.allocate(8)));
                    NetTestSupport.awaitParkedOnSocket(reader);
                    Fiber.spawn(() -> {
                        c.close();
                        return null;
                    }).join();
                    Throwable t = failureOf(reader);
                    assertInstanceOf(SocketException.class, t);
                    assertTrue(t.getMessage().contains("closed"), t.getMessage());
                    assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the peer sees the close as end of stream");
                }
                return null;
            });
        }
        assertEquals(1, failures.size(), () -> "only the reader failed: " + failures);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void closeWakesAParkedWriterAndAParkedAcceptor(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("closewrite", carriers, failures)) {
            rt.run(() -> {
                TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                try (TcpStream c = TcpStream.connect(l.localAddress()); TcpStream s = l.accept()) {
                    // nobody reads s: the writer fills the socket buffers and parks
                    Fiber<Void> writer = Fiber.spawn(() -> {
                        c.write(ByteBuffer.allocate(64 << 20));
                        return null;
                    });
                    NetTestSupport.awaitParkedOnSocket(writer);
                    c.close();
                    Throwable t = failureOf(writer);
                    assertInstanceOf(SocketException.class, t);
                    assertTrue(t.getMessage().contains("closed"), t.getMessage());
                }
                Fiber<TcpStream> acceptor = Fiber.spawn(l::accept);
                NetTestSupport.awaitParkedOnSocket(acceptor);
                l.close();
                Throwable t = failureOf(acceptor);
                assertInstanceOf(IOException.class, t);
                assertTrue(t.getMessage().contains("closed"), t.getMessage());
                return null;
            });
        }
        assertEquals(2, failures.size(), () -> "only the writer and the acceptor failed: " + failures);
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void halfCloseEndsTheStreamOneWayOnly(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("halfclose", carriers, failures)) {
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                     TcpStream c = TcpStream.connect(l.localAddress());
                     TcpStream s = l.accept()) {
                    c.write(ByteBuffer.wrap(new byte[] {9, 8}));
                    c.shutdownOutput();
                    assertThrows(IOException.class, () -> c.write(ByteBuffer.wrap(new byte[] {1})));
                    ByteBuffer got = ByteBuffer.allocate(2);
                    s.readFully(got);
                    assertEquals(-1, s.read(ByteBuffer.allocate(1)), "end of stream after the half-close");
                    assertThrows(java.io.EOFException.class, () -> s.readFully(ByteBuffer.allocate(1)));
                    // the other direction still works
                    s.write(ByteBuffer.wrap(new byte[] {5, 6, 7}));
                    s.shutdownOutput();
                    ByteBuffer back = ByteBuffer.allocate(3);
                    c.readFully(back);
                    assertArrayEquals(new byte[] {5, 6, 7}, back.array());
                    assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                }
                return null;
            });
        }
        assertTrue(failures.isEmpty(), failures::toString);
    }
}
