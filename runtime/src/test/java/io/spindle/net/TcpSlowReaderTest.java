package io.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a reader that does not read, when a writer writes much more than the socket buffers hold,
 * then the writer parks (no spinning, nothing buffered by Spindle: its progress stays within the
 * kernel's buffers), and when the reader drains slowly every byte arrives in order.
 */
@Timeout(60)
class TcpSlowReaderTest {
    private static final int TOTAL = 32 << 20;
    private static final int CHUNK = 64 << 10;

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.net.NetTestSupport#carrierCounts")
    void theWriterParksAndMemoryStaysBounded(int carriers) throws Exception {
        Queue<Throwable> failures = NetTestSupport.failures();
        try (Runtime rt = NetTestSupport.quietRuntime("slow", carriers, failures)) {
            rt.run(() -> {
                try (TcpListener l = TcpListener.bind(NetTestSupport.ANY_LOOPBACK);
                     TcpStream w = TcpStream.connect(l.localAddress());
                     TcpStream r = l.accept()) {
                    AtomicLong written = new AtomicLong();
                    Fiber<Void> writer = Fiber.spawn(() -> {
                        ByteBuffer chunk = ByteBuffer.allocate(CHUNK); // one reused buffer
                        for (int off = 0; off < TOTAL; off += CHUNK) {
                            chunk.clear();
                            for (int i = 0; i < CHUNK; i += 4) {
                                chunk.putInt((off + i) / 4);      // the position, so order is checked
                            }
                            chunk.flip();
                            w.write(chunk);
                            written.addAndGet(CHUNK);
                        }
                        w.shutdownOutput();
                        return null;
                    });
                    NetTestSupport.awaitParkedOnSocket(writer);
                    long stuckAt = written.get();
                    long registrations = Pollers.peek(Fiber.current().runtime()).registrations();
                    Fiber.sleep(Duration.ofMillis(200));
                    assertEquals(stuckAt, written.get(), "no progress while nobody reads");
                    assertTrue(Pollers.peek(Fiber.current().runtime()).registrations() - registrations <= 1,
                            "a parked writer does not spin on the poller");
                    assertTrue(stuckAt < TOTAL / 2, "progress bounded by the kernel's buffers, got " + stuckAt);
                    System.out.println("[slow] writer parked after " + stuckAt + " bytes");
                    // the slow reader: small reads with pauses
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    long got = 0;
                    int expect = 0;
                    int reads = 0;
                    while (r.read(buf) >= 0) {
                        buf.flip();
                        while (buf.remaining() >= 4) {
                            assertEquals(expect++, buf.getInt());
                            got += 4;
                        }
                        buf.compact();
                        if (++reads % 512 == 0) {
                            Fiber.sleep(Duration.ofMillis(1));
                        }
                    }
                    writer.join();
                    assertEquals(TOTAL, got);
                }
                return null;
            });
        }
        assertTrue(failures.isEmpty(), failures::toString);
    }
}
