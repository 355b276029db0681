package io.spindle.runtime;

/**
 * Receives the uncaught exception of a fiber (set with {@link Runtime.Builder#exceptionHandler}).
 * It runs on a carrier thread, outside any fiber, after the fiber ended: it must not block.
 * An exception it throws is ignored. The fiber's {@link Fiber#join()} fails regardless.
 */
@FunctionalInterface
public interface FiberExceptionHandler {
    void uncaught(Fiber<?> fiber, Throwable error);

    /** The default: prints the stack trace to {@code System.err} with the fiber's name. */
    FiberExceptionHandler PRINT = (fiber, error) -> {
        synchronized (System.err) {
            System.err.print("Exception in fiber \"" + fiber.name() + "\" ");
            error.printStackTrace(System.err);
        }
    };
}
