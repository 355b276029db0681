package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.testsupport.FiberFailures;
import io.spindle.testsupport.Stress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Shared test helpers: parameter sources, runtimes, waiting for a condition, seeds. */
public final class TestSupport {
    static final List<Integer> CAPACITIES = List.of(0, 1, 2, 16, 1024, Cap.UNBOUNDED);
    static final List<Integer> CARRIERS = List.of(1, 2, 4);
    /** See {@link Stress#CI} (shared with the runtime's tests through its test-jar). */
    public static final boolean CI = Stress.CI;

    private TestSupport() {
    }

    static Stream<Arguments> capacitiesAndCarriers() {
        return CAPACITIES.stream().flatMap(c -> CARRIERS.stream().map(n -> Arguments.of(new Cap(c), n)));
    }

    static Stream<Arguments> capacities() {
        return CAPACITIES.stream().map(c -> Arguments.of(new Cap(c)));
    }

    /** Every capacity on 1 and on 4 carriers: for the stress tests. */
    static Stream<Arguments> capacitiesOnOneAndFourCarriers() {
        return CAPACITIES.stream().flatMap(c -> Stream.of(1, 4).map(n -> Arguments.of(new Cap(c), n)));
    }

    public static Stream<Arguments> carriers() {
        return CARRIERS.stream().map(Arguments::of);
    }

    /** How long runIn waits for its main fiber before it dumps every fiber and fails. */
    static final long HANG_SECONDS = Long.getLong("spindle.test.hangSeconds", 60);

    /**
     * Runs {@code main} as the main fiber of a fresh runtime with {@code carriers} carriers. If it
     * does not finish within {@link #HANG_SECONDS}, prints a dump of every fiber and fails (a hang
     * would otherwise outlive JUnit's timeout: joins are uninterruptible).
     */
    public static <T> T runIn(int carriers, Callable<T> main) {
        // Fibers that fail on purpose (a receive on a channel the test closes...) are recorded, not
        // printed; they are printed when main fails, next to the test's own failure.
        FiberFailures failures = new FiberFailures();
        try (Runtime rt = Runtime.builder().carriers(carriers).name("test").exceptionHandler(failures).build()) {
            Fiber<T> f = rt.spawn("main", main);
            try {
                return f.get(HANG_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.err.println(dump(rt));
                failures.printTo(System.err);
                f.cancel();
                throw new AssertionError("main fiber hung for " + HANG_SECONDS + " s; fiber dump on stderr", e);
            } catch (ExecutionException e) {
                failures.printTo(System.err);
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new CompletionException(c);
            }
        }
    }

    /** Every live fiber of {@code rt} with its state and stack, and the runtime's stats. */
    public static String dump(Runtime rt) {
        StringBuilder sb = new StringBuilder("=== fiber dump of " + rt + " ===\n" + rt.stats() + "\n");
        for (Fiber<?> f : rt.fibers()) {
            sb.append(f).append(" blocker=").append(f.blocker()).append('\n');
            for (StackTraceElement e : f.stackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    public static void runIn(int carriers, ThrowingRunnable main) {
        runIn(carriers, () -> {
            main.run();
            return null;
        });
    }

    /** Waits (parks a fiber, sleeps a thread) until {@code cond} holds, failing after 10 s. */
    public static void awaitTrue(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Fiber.sleep(Duration.ofMillis(1));
        }
    }

    /** Waits until {@code ch} has exactly {@code n} waiter records queued. */
    static void awaitWaiters(Channel<?> ch, int n) {
        awaitTrue(() -> ch.waiterCount() == n, n + " waiters on " + ch);
    }

    static void assertNoWaiters(Channel<?>... chs) {
        for (Channel<?> ch : chs) {
            assertEquals(0, ch.waiterCount(), "waiter records left on " + ch);
        }
    }

    /** The seed of a randomised test: -Dspindle.seed, else random; printed so a failure can be replayed. */
    public static long seed(String test) {
        return Stress.seed(test);
    }

    /** Iterations for a stress test, scaled down 4x when CI is set ({@link Stress#scaled}). */
    public static int iterations(int n) {
        return Stress.scaled(n);
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
