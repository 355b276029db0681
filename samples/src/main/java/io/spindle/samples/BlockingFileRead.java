package io.spindle.samples;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedding: file I/O blocks its thread, so fibers offload it with {@link Fiber#blocking}: the call
 * runs on the elastic blocking pool while the fiber parks and its carrier runs other fibers.
 */
public final class BlockingFileRead {
    private BlockingFileRead() {
    }

    public static long totalBytes(int files) throws IOException {
        Path dir = Files.createTempDirectory("spindle-sample");
        try {
            for (int i = 0; i < files; i++) {
                Files.writeString(dir.resolve("f" + i + ".txt"), "x".repeat(1000 + i));
            }
            try (Runtime rt = Runtime.builder().carriers(1).build()) {
                return rt.run(() -> {
                    List<Fiber<Long>> readers = new ArrayList<>();
                    for (int i = 0; i < files; i++) {
                        Path p = dir.resolve("f" + i + ".txt");
                        readers.add(Fiber.spawn(() -> Fiber.blocking(() -> (long) Files.readAllBytes(p).length)));
                    }
                    long total = 0;
                    for (Fiber<Long> r : readers) {
                        total += r.join();
                    }
                    return total;
                });
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    public static void run(PrintStream out) {
        try {
            out.println("read 10 files through Fiber.blocking on 1 carrier: " + totalBytes(10) + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
