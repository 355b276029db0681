package io.spindle.testsupport;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberExceptionHandler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quiet fiber exception handler for tests that expect fibers to fail (a receive on a channel
 * that gets closed, a child of a failing scope, a refused park): it records each uncaught fiber
 * failure instead of printing its stack trace, so that a passing {@code ./spindle test} prints none.
 * The test support prints what it recorded when the test itself fails ({@link #printTo}), so a
 * failing test still shows every fiber failure behind it.
 *
 * <pre>{@code
 * FiberFailures failures = new FiberFailures();
 * try (Runtime rt = Runtime.builder().exceptionHandler(failures).build()) { ... }
 * }</pre>
 *
 * Thread-safe: the handler runs on carrier threads. Keeps the first {@value #KEPT} failures (and
 * counts all), so a test that fails a million fibers stays small.
 */
public final class FiberFailures implements FiberExceptionHandler {
    /** How many failures are kept for {@link #printTo}; the rest are only counted. */
    public static final int KEPT = 20;

    private final AtomicInteger count = new AtomicInteger();
    private final List<String> kept = new ArrayList<>();   // guarded by itself

    @Override
    public void uncaught(Fiber<?> fiber, Throwable error) {
        if (count.incrementAndGet() <= KEPT) {
            java.io.StringWriter w = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(w));
            synchronized (kept) {
                kept.add("Exception in fiber \"" + fiber.name() + "\" " + w);
            }
        }
    }

    /** How many fiber failures were reported so far. */
    public int count() {
        return count.get();
    }

    /** Prints the recorded failures (the first {@value #KEPT}) with their stack traces, if any. */
    public void printTo(PrintStream out) {
        int n = count.get();
        if (n == 0) {
            return;
        }
        synchronized (kept) {
            out.println("=== " + n + " fiber failure(s) during the failed test"
                    + (n > kept.size() ? " (the first " + kept.size() + " follow)" : "") + " ===");
            kept.forEach(out::print);
        }
    }
}
