package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Echo under load: many client fibers and an echo server on the same runtime, every byte checked.
 * Given an echo server, when clients send seeded random messages (round trips, and pipelined
 * streams ended by a half-close), then every byte comes back once, in order, unchanged.
 */
@Timeout(120)
class TcpEchoStressTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void roundTripsLoseNothing(int carriers) throws Exception {
        long seed = NetTestSupport.seed("TcpEchoStressTest.roundTripsLoseNothing[" + carriers + "]");
        int clients = NetTestSupport.scaled(64);
        int messages = NetTestSupport.scaled(200);
        Queue<Throwable> failures = NetTestSupport.failures();
        AtomicLong bytes = new AtomicLong();
        try (Runtime rt = NetTestSupport.quietRuntime("echo" + carriers, carriers, failures)) {
            TcpListener l = NetTestSupport.startEchoServer(rt, failures);
            SocketAddress addr = l.localAddress();
            int done = rt.run(() -> {
                List<Fiber<Integer>> fibers = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    SplittableRandom rnd = new SplittableRandom(seed + c);
                    fibers.add(Fiber.spawn(() -> {
                        try (TcpStream s = TcpStream.connect(addr)) {
                            s.setNoDelay(true);
                            for (int m = 0; m < messages; m++) {
                                byte[] msg = new byte[1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 65536 : 512)];
                                rnd.nextBytes(msg);
                                s.write(ByteBuffer.wrap(msg));
                                ByteBuffer back = ByteBuffer.allocate(msg.length);
                                s.readFully(back);
                                assertArrayEquals(msg, back.array(), "message " + m);
                                bytes.addAndGet(msg.length);
                            }
                            s.shutdownOutput();
                            assertEquals(-1, s.read(ByteBuffer.allocate(1)), "nothing extra after the last echo");
                        }
                        return messages;
                    }));
                }
                int sum = 0;
                for (Fiber<Integer> f : fibers) {
                    sum += f.join();
                }
                return sum;
            });
            l.close();
            assertEquals(clients * messages, done);
            assertTrue(failures.isEmpty(), () -> "server failures: " + failures);
            System.out.println("[echo] carriers=" + carriers + " clients=" + clients + " messages=" + done
                    + " bytes=" + bytes.get());
        }
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void pipelinedStreamsEndedByHalfCloseComeBackWhole(int carriers) throws Exception {
        long seed = NetTestSupport.seed("TcpEchoStressTest.pipelined[" + carriers + "]");
        int clients = NetTestSupport.scaled(16);
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("pipe" + carriers, carriers, failures)) {
            TcpListener l = NetTestSupport.startEchoServer(rt, failures);
            SocketAddress addr = l.localAddress();
            rt.run(() -> {
                List<Fiber<Void>> fibers = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    SplittableRandom rnd = new SplittableRandom(seed + c);
                    byte[] all = new byte[1 + rnd.nextInt(2 << 20)];
                    rnd.nextBytes(all);
                    fibers.add(Fiber.spawn(() -> {
                        try (TcpStream s = TcpStream.connect(addr)) {
                            // the writer and the reader of one connection are two fibers (one reader, one writer)
                            Fiber<Void> writer = Fiber.spawn(() -> {
                                int off = 0;
                                while (off < all.length) {
                                    int n = Math.min(all.length - off, 1 + rnd.nextInt(100_000));
                                    s.write(ByteBuffer.wrap(all, off, n));
                                    off += n;
                                }
                                s.shutdownOutput();
                                return null;
                            });
                            ByteArrayOutputStream got = new ByteArrayOutputStream();
                            ByteBuffer buf = ByteBuffer.allocate(16384);
                            while (s.read(buf) >= 0) {
                                got.write(buf.array(), 0, buf.position());
                                buf.clear();
                            }
                            writer.join();
                            assertArrayEquals(all, got.toByteArray(), "pipelined bytes");
                        }
                        return null;
                    }));
                }
                for (Fiber<Void> f : fibers) {
                    f.join();
                }
                return null;
            });
            l.close();
            assertTrue(failures.isEmpty(), () -> "server failures: " + failures);
        }
    }
}
