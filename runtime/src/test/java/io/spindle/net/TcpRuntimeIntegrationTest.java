package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How sockets fit the rest of the runtime: deadlock detection and fiber dumps. */
@Timeout(30)
class TcpRuntimeIntegrationTest {

    @Test
    void aMainFiberWaitingInAcceptLongerThanTheGraceIsNotADeadlock() throws Exception {
        try (Runtime rt = Runtime.builder().name("grace").carriers(1).deadlockGrace(Duration.ofMillis(50)).build()) {
            CompletableFuture<SocketAddress> bound = new CompletableFuture<>();
            Thread client = new Thread(() -> {
                try {
                    SocketAddress a = bound.get(10, TimeUnit.SECONDS);
                    Thread.sleep(400); // well past the 50 ms grace: every fiber is parked on a socket meanwhile
                    try (TcpStream c = TcpStream.connect(a)) {
                        c.write(ByteBuffer.wrap(new byte[] {42}));
                    }
                } catch (Exception e) {
                    bound.obtrudeException(e);
                }
            });
            client.start();
            int got = rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK)) {
                    bound.complete(l.localAddress());
                    try (TcpStream s = l.accept()) {
                        ByteBuffer b = ByteBuffer.allocate(1);
                        s.readFully(b);
                        return (int) b.get(0);
                    }
                }
            });
            assertEquals(42, got);
            client.join();
        }
    }

    @Test
    void theFiberDumpShowsWhichSocketAFiberWaitsOn() throws Exception {
        try (Runtime rt = Runtime.builder().name("dump").carriers(1).build()) {
            TcpListener l = rt.run(() -> TcpListener.bind(NetTestSupport.ANY_LOOPBACK));
            Fiber<TcpStream> acceptor = rt.spawn(l::accept);
            rt.run(() -> {
                NetTestSupport.awaitParkedOnSocket(acceptor);
                return null;
            });
            String dump = rt.fiberDump();
            int port = ((java.net.InetSocketAddress) l.localAddress()).getPort();
            assertTrue(dump.contains("socket") && dump.contains(String.valueOf(port)), dump);
            l.close();
        }
    }
}
