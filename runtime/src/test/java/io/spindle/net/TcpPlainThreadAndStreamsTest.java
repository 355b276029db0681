package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every call works from a plain thread (it blocks); the stream adapters work with java.io on fibers. */
@Timeout(30)
class TcpPlainThreadAndStreamsTest {

    @Test
    void plainThreadsBindAcceptConnectReadAndWrite() throws Exception {
        try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK)) {
            CompletableFuture<String> server = CompletableFuture.supplyAsync(() -> {
                try (TcpStream s = l.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(5);
                    s.readFully(b);
                    s.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)));
                    if (s.read(ByteBuffer.allocate(1)) != -1) { // hold the connection until the client closes
                        throw new AssertionError("expected the client's close");
                    }
                    return new String(b.array(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> new Thread(r, "plain-server").start());
            try (TcpStream c = TcpStream.connect(l.localAddress(), Duration.ofSeconds(5))) {
                assertEquals(l.localAddress(), c.remoteAddress());
                c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer b = ByteBuffer.allocate(5);
                c.readFully(b);
                assertEquals("world", new String(b.array(), StandardCharsets.US_ASCII));
                c.setReadTimeout(Duration.ofMillis(30));
                assertThrows(SocketTimeoutException.class, () -> c.read(ByteBuffer.allocate(1)));
            }
            assertEquals("hello", server.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aThreadBlockedInReadWakesOnCloseAndOnInterrupt() throws Exception {
        try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
             TcpStream c = TcpStream.connect(l.localAddress());
             TcpStream s = l.accept()) {
            CompletableFuture<Throwable> reader = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    c.read(ByteBuffer.allocate(1));
                    reader.complete(null);
                } catch (Throwable e) {
                    reader.complete(e);
                }
            });
            t.start();
            awaitBlockedOnSocket(t);
            t.interrupt();
            assertInstanceOf(InterruptedIOException.class, reader.get(10, TimeUnit.SECONDS));
            assertTrue(c.isClosed() == false, "an interrupt does not close the stream");

            CompletableFuture<Throwable> reader2 = new CompletableFuture<>();
            Thread t2 = new Thread(() -> {
                try {
                    s.read(ByteBuffer.allocate(1));
                    reader2.complete(null);
                } catch (Throwable e) {
                    reader2.complete(e);
                }
            });
            t2.start();
            awaitBlockedOnSocket(t2);
            s.close();
            Throwable e = reader2.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketException.class, e);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    private static void awaitBlockedOnSocket(Thread t) throws InterruptedException {
        while (!(t.getState() == Thread.State.WAITING
                && java.util.concurrent.locks.LockSupport.getBlocker(t) instanceof PollHandle)) {
            assertTrue(t.isAlive(), "the thread ended instead of blocking");
            Thread.sleep(1);
        }
    }

    @Test
    void aFiberServerAndAPlainThreadClientTalkThroughBufferedReaderAndDataStreams() throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("adapters", 1, failures)) {
            TcpListener l = rt.run(() -> TcpListener.bind(NetTestSupport.ANY_LOOPBACK));
            Fiber<Long> server = rt.spawn(() -> {
                try (TcpStream s = l.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.inputStream(), StandardCharsets.UTF_8));
                    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(s.outputStream(), StandardCharsets.UTF_8));
                    String line;
                    long lines = 0;
                    while (!(line = in.readLine()).equals("END")) {
                        out.write(line.toUpperCase() + "\n");
                        out.flush();
                        lines++;
                    }
                    DataOutputStream data = new DataOutputStream(s.outputStream());
                    data.writeLong(lines);
                    data.writeUTF("bye");
                    return lines;
                }
            });
            try (TcpStream c = TcpStream.connect(l.localAddress())) {
                BufferedReader in = new BufferedReader(new InputStreamReader(c.inputStream(), StandardCharsets.UTF_8));
                for (int i = 0; i < 100; i++) {
                    c.outputStream().write(("line " + i + " é\n").getBytes(StandardCharsets.UTF_8));
                    assertEquals("LINE " + i + " É", in.readLine());
                }
                c.outputStream().write("END\n".getBytes(StandardCharsets.UTF_8));
                DataInputStream data = new DataInputStream(c.inputStream());
                assertEquals(100, data.readLong());
                assertEquals("bye", data.readUTF());
                assertEquals(-1, c.inputStream().read(), "the server closed");
            }
            assertEquals(100, server.join());
            l.close();
        }
        assertTrue(failures.isEmpty(), failures::toString);
    }
}
