package io.spindle.sync;

/**
 * Thrown when a plain thread is {@linkplain Thread#interrupt() interrupted} while it waits in an
 * unchecked Spindle wait ({@link WaitGroup#await()}, {@link Semaphore#acquire()}, and, as the
 * subclass {@link io.spindle.channels.ChannelInterruptedException}, channel operations). As in
 * {@code java.util.concurrent}: the wait was abandoned (nothing was acquired), the thread's
 * interrupt status is set again, and the cause is an {@link InterruptedException}. Fibers are not
 * interrupted but cancelled: they see {@link io.spindle.runtime.FiberCancelledException}.
 */
public class WaitInterruptedException extends RuntimeException {
    public WaitInterruptedException(String message) {
        super(message, new InterruptedException(message));
    }
}
