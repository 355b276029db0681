package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fiber.blocking: the call runs on the blocking pool while the fiber parks. */
@Timeout(60)
class BlockingOffloadTest {

    @Test
    void givenABlockingFileRead_thenTheResultComesBackToTheFiber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "hello blocking pool");
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            AtomicReference<String> threadName = new AtomicReference<>();
            String content = rt.run(() -> Fiber.blocking(() -> {
                threadName.set(Thread.currentThread().getName());
                return Files.readString(file);
            }));
            assertEquals("hello blocking pool", content);
            assertTrue(threadName.get().contains("-blocking-"), threadName.get());
            assertEquals(1, rt.stats().blockingCalls());
        }
    }

    @Test
    void givenOneCarrier_whenAFiberBlocks_thenOtherFibersKeepRunning() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            CountDownLatch otherRan = new CountDownLatch(1);
            Fiber<Boolean> blocker = rt.spawn(() -> Fiber.blocking(() -> otherRan.await(20, TimeUnit.SECONDS)));
            rt.spawn(otherRan::countDown);
            assertTrue(blocker.join(), "the other fiber could not run while the blocking call waited");
        }
    }

    @Test
    void givenACallThatThrowsUnchecked_thenTheSameExceptionReachesTheFiber() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            IllegalArgumentException boom = new IllegalArgumentException("bad");
            Throwable seen = rt.run(() -> {
                try {
                    Fiber.blocking(() -> { throw boom; });
                    return null;
                } catch (IllegalArgumentException e) {
                    return e;
                }
            });
            assertSame(boom, seen);
        }
    }

    @Test
    void givenACallThatThrowsChecked_thenACompletionExceptionWrapsIt() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> rt.run(() -> Fiber.blocking(() -> { throw new IOException("disk"); })));
            // run wraps the fiber's CompletionException once more
            Throwable inner = e.getCause();
            assertInstanceOf(CompletionException.class, inner);
            assertInstanceOf(IOException.class, inner.getCause());
        }
    }

    @Test
    void givenAPlainThread_thenBlockingRunsInline() {
        Thread caller = Thread.currentThread();
        assertSame(caller, Fiber.blocking(Thread::currentThread));
        assertNotEquals(null, Fiber.blocking(() -> "x"));
    }
}
