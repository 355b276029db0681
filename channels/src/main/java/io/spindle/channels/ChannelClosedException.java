package io.spindle.channels;

/**
 * Thrown by a channel operation on a closed channel: a send (also one that was waiting when the
 * channel closed), a receive once the channel is closed and drained, and a second
 * {@link Channel#close()}. Go panics in these cases; Java users get an unchecked exception. When a
 * channel filled by {@link Channel#fromPublisher} was closed because its publisher failed, the
 * exception's cause is the publisher's error.
 */
public class ChannelClosedException extends IllegalStateException {
    /**
     * Without a cause.
     *
     * @param message what happened
     */
    public ChannelClosedException(String message) {
        super(message);
    }

    /**
     * With a cause: the error a failed publisher closed the channel with ({@link Channel#fromPublisher}).
     *
     * @param message what happened
     * @param cause the publisher's error
     */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
