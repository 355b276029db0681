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
        // the acceptor fails when the listener closes under it: expected, so record it quietly
        io.spindle.testsupport.FiberFailures failures = new io.spindle.testsupport.FiberFailures();
        try (Runtime rt = Runtime.builder().name("dump").carriers(1).exceptionHandler(failures).build()) {
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
            java.util.concurrent.CompletionException e =
                    org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class, acceptor::join);
            org.junit.jupiter.api.Assertions.assertInstanceOf(java.net.SocketException.class, e.getCause());
        }
    }

    @Test
    void statsCountPollsReadyEventsAndRegistrationsAndTheTraceShowsNetpollWakes() throws Exception {
        try (Runtime rt = Runtime.builder().name("observe").carriers(2).build()) {
            assertEquals(io.spindle.runtime.observe.NetStats.NONE, rt.stats().net(), "no poller before the first socket");
            rt.startTrace();
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                     TcpStream c = TcpStream.connect(l.localAddress());
                     TcpStream s = l.accept()) {
                    for (int i = 0; i < 20; i++) {
                        Fiber<Integer> reader = Fiber.spawn(() -> s.read(ByteBuffer.allocate(1)));
                        NetTestSupport.awaitParkedOnSocket(reader);   // a registration
                        c.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                        assertEquals(1, reader.join());               // a ready event
                    }
                }
                return null;
            });
            java.io.StringWriter trace = new java.io.StringWriter();
            rt.stopTrace(trace);
            io.spindle.runtime.observe.NetStats net = rt.stats().net();
            assertTrue(net.registrations() >= 20 && net.readyEvents() >= 20 && net.polls() >= 1, net::toString);
            assertTrue(rt.stats().toString().contains("net: polls="), rt.stats()::toString);
            assertTrue(trace.toString().contains("netpoll"), "a wake with cause netpoll in the trace");
        }
    }
}
