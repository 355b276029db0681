package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The carrier-polling prototype ({@code -Dspindle.net.poller=carrier}: the carriers poll the
 * selector, like Go's netpoll; no poller thread): echo under load, cancel, idle, close.
 */
@Timeout(60)
class TcpCarrierPollingModeTest {

    @BeforeEach
    void carrierMode() {
        System.setProperty("spindle.net.poller", "carrier");
    }

    @AfterEach
    void threadMode() {
        System.clearProperty("spindle.net.poller");
    }

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void echoCancelIdleAndCloseWithNoPollerThread(int carriers) throws Exception {
        long seed = NetTestSupport.seed("TcpCarrierPollingModeTest[" + carriers + "]");
        int clients = NetTestSupport.scaled(32);
        int messages = NetTestSupport.scaled(100);
        Queue<Throwable> failures = NetTestSupport.failures();
        String name = "cpoll" + carriers;
        Runtime rt = NetTestSupport.quietRuntime(name, carriers, failures);
        try {
            TcpListener l = NetTestSupport.startEchoServer(rt, failures);
            SocketAddress addr = l.localAddress();
            int done = rt.run(() -> {
                List<Fiber<Integer>> fs = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    SplittableRandom rnd = new SplittableRandom(seed + c);
                    fs.add(Fiber.spawn(() -> {
                        try (TcpStream s = TcpStream.connect(addr)) {
                            for (int m = 0; m < messages; m++) {
                                byte[] msg = new byte[1 + rnd.nextInt(2048)];
                                rnd.nextBytes(msg);
                                s.write(ByteBuffer.wrap(msg));
                                ByteBuffer back = ByteBuffer.allocate(msg.length);
                                s.readFully(back);
                                assertArrayEquals(msg, back.array());
                            }
                        }
                        return messages;
                    }));
                }
                int sum = 0;
                for (Fiber<Integer> f : fs) {
                    sum += f.join();
                }
                // cancel during a read still works
                try (TcpStream c = TcpStream.connect(addr)) {
                    Fiber<Integer> reader = Fiber.spawn(() -> c.read(ByteBuffer.allocate(1)));
                    NetTestSupport.awaitParkedOnSocket(reader);
                    reader.cancel();
                    assertInstanceOf(FiberCancelledException.class,
                            assertThrows(CompletionException.class, reader::join).getCause());
                }
                return sum;
            });
            assertEquals(clients * messages, done);
            assertTrue(NetTestSupport.threadsNamed(name + "-poller").isEmpty(), "no poller thread in carrier mode");
            // idle: the acceptor waits; a carrier blocks in select, nothing polls in a loop
            Thread.sleep(100);
            long polls = rt.stats().net().polls();
            Thread.sleep(300);
            assertTrue(rt.stats().net().polls() - polls <= 2, () -> "idle polls: " + (rt.stats().net().polls() - polls));
            l.close();
        } finally {
            rt.close();
        }
        assertTrue(NetTestSupport.threadsNamed(name + "-").isEmpty(), () -> "left: " + NetTestSupport.threadsNamed(name + "-"));
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first " + failures.peek());
    }
}
