package io.spindle.channels;

import io.spindle.sync.WaitInterruptedException;

/**
 * Thrown when a plain thread is {@linkplain Thread#interrupt() interrupted} while it waits in a
 * channel operation or a {@link Select#select select}. It follows {@code java.util.concurrent}
 * conventions as far as an unchecked API allows:
 * <ul>
 *   <li>the operation is abandoned: nothing was sent, nothing was received;</li>
 *   <li>the thread's interrupt status is set again when this is thrown, so code further up still
 *       sees it;</li>
 *   <li>the cause is an {@link InterruptedException}; catch {@link WaitInterruptedException} to
 *       handle every interrupted Spindle wait at once.</li>
 * </ul>
 * An operation that completes without waiting ignores the interrupt status (as Go would), and an
 * operation that completed concurrently with the interrupt returns normally with the status set.
 * Fibers are never interrupted; they are cancelled, and see
 * {@link io.spindle.runtime.FiberCancelledException} instead.
 */
public class ChannelInterruptedException extends WaitInterruptedException {
    public ChannelInterruptedException(String message) {
        super(message);
    }
}
