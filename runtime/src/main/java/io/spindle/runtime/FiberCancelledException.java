package io.spindle.runtime;

import java.util.concurrent.CancellationException;

/**
 * Thrown inside a fiber at a Spindle operation (park, channel operation, sleep, join, ...) once the
 * fiber has been {@linkplain Fiber#cancel() cancelled}, for example by {@link Runtime#close()}.
 * Let it propagate: the fiber ends, and its {@code join} fails with it as the cause.
 */
public class FiberCancelledException extends CancellationException {
    public FiberCancelledException(String message) {
        super(message);
    }
}
