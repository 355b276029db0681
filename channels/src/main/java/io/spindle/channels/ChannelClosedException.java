package io.spindle.channels;

/**
 * Thrown by a channel operation on a closed channel: a send (also one that was waiting when the
 * channel closed), a receive once the channel is closed and drained, and a second
 * {@link Channel#close()}. Go panics in these cases; Java users get an unchecked exception.
 */
public class ChannelClosedException extends IllegalStateException {
    public ChannelClosedException(String message) {
        super(message);
    }

    /** With a cause: the error a failed publisher closed the channel with ({@link Channel#fromPublisher}). */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
