package io.spindle.channels;

import io.spindle.runtime.Fiber;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link Channel#asPublisher()}: a {@link Flow.Publisher} that receives from a channel as its
 * subscribers request.
 *
 * <ul>
 *   <li>Each {@link #subscribe} starts one subscription served by its own fiber; several
 *       subscribers compete for the channel's values like several receivers.</li>
 *   <li>A value is received from the channel only while the subscriber has outstanding demand, so
 *       nothing is taken that is not delivered; after {@code cancel()} no further value is taken
 *       (one that was already received when the cancel came is still delivered, as rule 3.12
 *       allows).</li>
 *   <li>The channel closed and drained: {@code onComplete} (without waiting for demand when the
 *       subscription finds it so before it waits; a close while the subscriber has no demand is
 *       seen at its next request); closed by a failed publisher
 *       ({@link Channel#fromPublisher}): {@code onError} with that publisher's error; the serving
 *       fiber cancelled (its runtime closed): {@code onError} with the
 *       {@link io.spindle.runtime.FiberCancelledException}.</li>
 *   <li>{@code request(n)} with {@code n <= 0}: {@code onError(IllegalArgumentException)} (rule
 *       3.9); demand adds up and saturates at {@link Long#MAX_VALUE} (rule 3.17).</li>
 *   <li>A subscriber method that throws cancels the subscription; the exception ends the serving
 *       fiber and goes to its runtime's {@link io.spindle.runtime.FiberExceptionHandler} (rule
 *       2.13).</li>
 * </ul>
 *
 * @param <T> the element type
 */
final class ChannelPublisher<T> implements Flow.Publisher<T> {
    private final Channel<T> channel;

    ChannelPublisher(Channel<T> channel) {
        this.channel = channel;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber (Reactive Streams rule 1.9)");
        ChannelSubscription<T> s = new ChannelSubscription<>(channel, subscriber);
        try {
            Fiber.spawn(s::serve);
        } catch (RejectedExecutionException e) {
            // no fiber to serve it (the runtime is closed): rule 1.9 still wants onSubscribe first
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(e);
        }
    }

    @Override
    public String toString() {
        return "Publisher[" + channel + "]";
    }
}
