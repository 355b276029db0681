package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test for JIT-compiled read loops that park on one carrier and resume on another.
 *
 * <p>Given server fibers on 2 carriers whose read/write loops run long enough to be compiled by
 * C2, when the clients (plain threads, outside the runtime, so the server fibers migrate between
 * carriers) all close at once, then every server fiber ends: none fails with
 * IllegalMonitorStateException from a JDK channel lock taken in the name of the carrier it ran on
 * before a park, and no close waits forever on such a lock (see ChannelCalls).
 *
 * <p>Honest limit: on the 2-core build machine this test did NOT reproduce the bug before the fix
 * (the C2 inlining that triggers it needs more load); the echo benchmark ({@code net --impls
 * spindle}) did, in 4 of 5 runs. It stays as a guard for the behaviour, not as a proof.
 */
@Timeout(120)
class TcpCarrierMigrationTest {

    @Test
    void compiledReadLoopsSurviveMigrationAndAllCloseAtOnce() throws Exception {
        int conns = 64;
        int rounds = NetTestSupport.scaled(4000);
        Queue<Throwable> failures = NetTestSupport.failures();
        AtomicInteger ended = new AtomicInteger();
        try (Runtime rt = NetTestSupport.quietRuntime("migrate", 2, failures)) {
            TcpListener l = rt.run(() -> TcpListener.bind(NetTestSupport.ANY_LOOPBACK));
            rt.spawn(() -> {
                while (true) {
                    TcpStream s;
                    try {
                        s = l.accept();
                    } catch (IOException closed) {
                        return;
                    }
                    Fiber.spawn(() -> {
                        try (s) {
                            // through the stream adapters, like a protocol written against java.io
                            java.io.InputStream in = s.inputStream();
                            java.io.OutputStream out = s.outputStream();
                            byte[] b = new byte[4096];
                            int n;
                            while ((n = in.read(b)) >= 0) {
                                out.write(b, 0, n);
                            }
                        } catch (IOException peerGone) {
                            // a reset is fine; an IllegalMonitorStateException is not (it reaches the handler)
                        } finally {
                            ended.incrementAndGet();
                        }
                        return null;
                    });
                }
            });
            SocketAddress addr = l.localAddress();
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                clients.add(SocketChannel.open(addr));
            }
            List<Thread> threads = new ArrayList<>();
            for (SocketChannel c : clients) {
                Thread t = new Thread(() -> {
                    ByteBuffer out = ByteBuffer.allocate(8);
                    ByteBuffer in = ByteBuffer.allocate(8);
                    try {
                        for (int r = 0; r < rounds; r++) {
                            out.clear();
                            out.putLong(0, r);
                            c.write(out);
                            in.clear();
                            while (in.hasRemaining()) {
                                c.read(in);
                            }
                            if (in.getLong(0) != r) {
                                failures.add(new AssertionError("echo " + in.getLong(0) + " for " + r));
                            }
                        }
                    } catch (IOException e) {
                        failures.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (SocketChannel c : clients) {
                c.close(); // all at once: the server fibers wake on both carriers and close
            }
            while (ended.get() < conns) {
                Thread.sleep(5); // bounded by @Timeout: before the fix, two closes could wait for each other forever
            }
            l.close();
            assertEquals(conns, ended.get());
            assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        }
    }
}
