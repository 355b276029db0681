package io.spindle.net;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/** Shared helpers of the network tests: loopback servers, seeds, fd and thread counts. */
final class NetTestSupport {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private NetTestSupport() {
    }

    /** The shared stress scaling (io.spindle.testsupport.Stress: a quarter when CI is set). */
    static int scaled(int n) {
        return io.spindle.testsupport.Stress.scaled(n);
    }

    /** The shared seed logging (io.spindle.testsupport.Stress). */
    static long seed(String testName) {
        return io.spindle.testsupport.Stress.seed(testName);
    }

    /** A runtime whose fibers' failures are collected instead of printed. */
    static Runtime quietRuntime(String name, int carriers, Queue<Throwable> failures) {
        return Runtime.builder().name(name).carriers(carriers)
                .exceptionHandler((f, e) -> {
                    if (!(e instanceof FiberCancelledException)) {
                        failures.add(e);
                    }
                })
                .build();
    }

    static Stream<Integer> carrierCounts() {
        return Stream.of(1, 2);
    }

    /**
     * Starts an echo server on {@code rt}: a fiber accepting, a fiber per connection echoing until
     * end of stream, then closing. Returns the listener (close it to stop accepting).
     */
    static TcpListener startEchoServer(Runtime rt, Queue<Throwable> failures) throws IOException {
        TcpListener l = rt.run(() -> TcpListener.bind(ANY_LOOPBACK));
        rt.spawn(() -> {
            while (true) {
                TcpStream s;
                try {
                    s = l.accept();
                } catch (IOException closed) {
                    return; // listener closed: the test is over
                }
                Fiber.spawn(() -> echo(s, failures));
            }
        });
        return l;
    }

    static void echo(TcpStream s, Queue<Throwable> failures) {
        try (s) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (s.read(buf) >= 0) {
                buf.flip();
                s.write(buf);
                buf.clear();
            }
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /** Open file descriptors of this process (Linux /proc/self/fd). */
    static int openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The soft limit on open files (/proc/self/limits), or 1024 when unknown. */
    static int fdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.trim().split("\\s+");
                    return f[3].equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(f[3]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        return 1024;
    }

    /** Live threads whose name starts with {@code prefix}. */
    static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).toList();
    }

    /** Waits (parks or sleeps) until {@code f} is parked on a socket. */
    static void awaitParkedOnSocket(Fiber<?> f) {
        while (!(f.stateName().equals("PARKED") && f.blocker() instanceof PollHandle)) {
            if (f.isDone()) {
                throw new AssertionError("fiber ended instead of parking on a socket: " + f);
            }
            Fiber.sleep(java.time.Duration.ofMillis(1));
        }
    }

    static Queue<Throwable> failures() {
        return new ConcurrentLinkedQueue<>();
    }

    static SocketAddress addr(TcpListener l) {
        return l.localAddress();
    }
}
