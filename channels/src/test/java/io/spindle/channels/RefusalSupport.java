package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.SynchronizedParkException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Helpers for the refused-park tests (issue 11): in diagnostic mode a park inside
 * {@code synchronized} is refused with {@link SynchronizedParkException}, and the refused operation
 * must leave nothing behind.
 */
public final class RefusalSupport {
    private RefusalSupport() {
    }

    /** 1 and 2 carriers. */
    public static Stream<Arguments> oneAndTwoCarriers() {
        return Stream.of(1, 2).map(Arguments::of);
    }

    /** Runs {@code main} as the main fiber of a fresh runtime in diagnostic mode. */
    public static void runInDiagnostics(int carriers, TestSupport.ThrowingRunnable main) throws Exception {
        try (Runtime rt = Runtime.builder().carriers(carriers).diagnostics(true).name("refusal").build()) {
            Fiber<Void> f = rt.spawn("main", () -> {
                main.run();
                return null;
            });
            try {
                f.get(TestSupport.HANG_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.err.println(TestSupport.dump(rt));
                f.cancel();
                throw new AssertionError("main fiber hung; fiber dump on stderr", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw (Error) e.getCause();
            }
        }
    }

    /**
     * Runs {@code op} inside {@code synchronized} on the current fiber and asserts that its park was
     * refused with {@link SynchronizedParkException}.
     */
    public static void assertRefused(TestSupport.ThrowingRunnable op) {
        assertTrue(Fiber.current() != null, "must run in a fiber");
        Object monitor = new Object();
        assertThrows(SynchronizedParkException.class, () -> {
            synchronized (monitor) {
                op.run();
            }
        });
    }
}
