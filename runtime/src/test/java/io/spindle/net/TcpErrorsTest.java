package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input, misuse and network errors get clear exceptions, on fibers. */
@Timeout(30)
class TcpErrorsTest {
    private final Queue<Throwable> failures = NetTestSupport.failures();
    private Runtime rt;

    @BeforeEach
    void start() {
        rt = NetTestSupport.quietRuntime("errors", 1, failures);
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private static Throwable cause(Runnable r) {
        CompletionException e = assertThrows(CompletionException.class, r::run);
        return e.getCause();
    }

    @Test
    void connectToAClosedPortIsAConnectExceptionNamingTheAddress() throws Exception {
        InetSocketAddress closed = rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK)) {
                return (InetSocketAddress) l.localAddress();
            }
        });
        Throwable t = cause(() -> rt.run(() -> TcpStream.connect(closed)));
        assertInstanceOf(ConnectException.class, t);
        assertTrue(t.getMessage().contains(String.valueOf(closed.getPort())), t.getMessage());
    }

    @Test
    void bindingAPortInUseIsABindExceptionNamingTheAddress() throws Exception {
        rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK)) {
                InetSocketAddress a = (InetSocketAddress) l.localAddress();
                BindException e = assertThrows(BindException.class, () -> TcpListener.bind(a));
                assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
            }
            return null;
        });
    }

    @Test
    void nullArgumentsAndBadNumbersAreRejected() throws Exception {
        rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                 TcpStream c = TcpStream.connect(l.localAddress());
                 TcpStream s = l.accept()) {
                assertThrows(NullPointerException.class, () -> c.read(null));
                assertThrows(NullPointerException.class, () -> c.readFully(null));
                assertThrows(NullPointerException.class, () -> c.write(null));
                assertThrows(IllegalArgumentException.class, () -> c.setReadTimeout(Duration.ofMillis(-1)));
                assertThrows(NullPointerException.class, () -> TcpStream.connect(null));
                assertThrows(NullPointerException.class, () -> TcpListener.bind(null));
                assertThrows(IllegalArgumentException.class, () -> TcpListener.bind(NetTestSupport.ANY_LOOPBACK, 0));
                assertThrows(IllegalArgumentException.class, () -> TcpStream.connect(l.localAddress(), Duration.ZERO));
                assertEquals(0, c.read(ByteBuffer.allocate(0)), "an empty buffer reads nothing and does not park");
            }
            return null;
        });
    }

    @Test
    void aClosedStreamOrListenerSaysSo() throws Exception {
        rt.run(() -> {
            TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
            TcpStream c = TcpStream.connect(l.localAddress());
            c.close();
            c.close(); // idempotent
            SocketException r = assertThrows(SocketException.class, () -> c.read(ByteBuffer.allocate(1)));
            assertTrue(r.getMessage().contains("closed"), r.getMessage());
            assertThrows(SocketException.class, () -> c.write(ByteBuffer.allocate(1)));
            assertThrows(SocketException.class, c::shutdownOutput);
            assertThrows(IOException.class, () -> c.inputStream().read());
            assertTrue(c.isClosed());
            l.close();
            SocketException a = assertThrows(SocketException.class, l::accept);
            assertTrue(a.getMessage().contains("closed"), a.getMessage());
            return null;
        });
    }

    @Test
    void aPeerThatResetsFailsTheReaderWithAnIOException() throws Exception {
        rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                 TcpStream c = TcpStream.connect(l.localAddress())) {
                Fiber<Integer> reader = Fiber.spawn(() -> c.read(ByteBuffer.allocate(16)));
                TcpStream s = l.accept();
                s.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST instead of FIN
                s.close();
                Throwable t = cause(reader::join);
                assertInstanceOf(IOException.class, t);
                assertTrue(t.getMessage().toLowerCase().contains("reset"), t.getMessage());
                // writing to a reset connection fails too (not at once: the kernel may accept one write)
                IOException w = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        c.write(ByteBuffer.allocate(1024));
                    }
                });
                assertTrue(w.getMessage() != null, "a message");
            }
            return null;
        });
    }

    @Test
    void aReadTimeoutIsASocketTimeoutExceptionAndTheStreamStaysUsable() throws Exception {
        rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                 TcpStream c = TcpStream.connect(l.localAddress());
                 TcpStream s = l.accept()) {
                c.setReadTimeout(Duration.ofMillis(50));
                assertEquals(Duration.ofMillis(50), c.readTimeout());
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> c.read(ByteBuffer.allocate(4)));
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
                assertThrows(SocketTimeoutException.class, () -> c.inputStream().read());
                s.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
                ByteBuffer b = ByteBuffer.allocate(4);
                c.readFully(b);
                assertArrayEquals(new byte[] {1, 2, 3, 4}, b.array());
                c.setReadTimeout(null);
                assertEquals(Duration.ZERO, c.readTimeout());
            }
            return null;
        });
    }

    @Test
    void twoConcurrentReadersAreRefused() throws Exception {
        rt.run(() -> {
            try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                 TcpStream c = TcpStream.connect(l.localAddress());
                 TcpStream s = l.accept()) {
                Fiber<Integer> first = Fiber.spawn(() -> c.read(ByteBuffer.allocate(1)));
                NetTestSupport.awaitParkedOnSocket(first);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.read(ByteBuffer.allocate(1)));
                assertTrue(e.getMessage().contains("one reader"), e.getMessage());
                s.write(ByteBuffer.wrap(new byte[] {7}));
                assertEquals(1, first.join());
            }
            return null;
        });
    }
}
