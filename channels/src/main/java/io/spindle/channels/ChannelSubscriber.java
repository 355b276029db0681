package io.spindle.channels;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

/**
 * {@link Channel#fromPublisher}: a {@link Flow.Subscriber} that fills a channel, requesting values
 * as the channel drains.
 *
 * <ul>
 *   <li>Demand: {@code max(1, capacity)} at first; then, each time the feeding fiber has moved
 *       {@code max(1, capacity / 2)} values into the channel (each move completes only when the
 *       channel had room), it requests that many again. So at most about {@code 2 * capacity}
 *       values (plus one) are held between the publisher and the receivers.</li>
 *   <li>{@code onComplete}: the channel is closed after the values delivered before it;
 *       {@code onError(e)}: the same, but receivers then get {@link ChannelClosedException} with
 *       {@code e} as the cause (also {@code Channel}'s iterator, and {@link Channel#asPublisher()}
 *       passes {@code e} on with {@code onError}).</li>
 *   <li>Closing the returned channel (a receiver that has had enough) cancels the subscription
 *       when the next value arrives; values still arriving are dropped (rule 2.8).</li>
 *   <li>The feeding fiber cancelled (its runtime closed): the subscription is cancelled and the
 *       channel closed with the {@link FiberCancelledException} as the cause.</li>
 *   <li>No signal method blocks, parks or yields the publisher's thread or fiber: {@code onNext}
 *       only puts the value into an in-box and unparks the feeding fiber (a second
 *       {@code onSubscribe} is cancelled, rule 2.5; null arguments throw
 *       {@link NullPointerException}, rule 2.13).</li>
 * </ul>
 *
 * @param <T> the element type
 */
final class ChannelSubscriber<T> implements Flow.Subscriber<T> {
    /*
     * Implementation overview
     *
     * The publisher's signals never wait and make no Spindle operation (which could yield the
     * publisher's fiber, perhaps inside its own synchronized block): onNext offers the value to
     * `inbox`, a lock-free queue (it never holds more than the outstanding demand of a well-behaved
     * publisher), and unparks the feeder; onComplete/onError record the outcome (`cause`, then the
     * volatile `terminated`) and unpark it. The feeding fiber moves values from the inbox into
     * `out` with a blocking send, which parks while `out` is full: that is the backpressure. Demand
     * is replenished only after sends completed, i.e. as receivers drain `out`. When the inbox is
     * empty after `terminated` was seen (every offer happened before it), the feeder closes `out`
     * with the cause. The feeder parks with Strand.park when the inbox is empty: permit semantics,
     * so an unpark that comes before the park is not lost.
     *
     * Subscription calls (rule 2.7, serialized): the first request is made in onSubscribe, before
     * any onNext can happen; the later ones and cancel are made by the feeder after it received a
     * value, so they are ordered after onSubscribe through the inbox. Only the cancel of a second
     * subscription (rule 2.5) and the cancel of a subscription arriving after the feeder stopped
     * come from onSubscribe.
     *
     * Fields and who touches them:
     *   subscription - volatile: set once by onSubscribe, read by the feeder and by stop()
     *   stopped      - volatile: set by the feeder when it stops early; read by onSubscribe/onNext.
     *                  Together with `subscription` a Dekker pair (write one, read the other, both
     *                  volatile), so a late subscription is always cancelled by one of the two sides.
     *   feeder       - volatile: set once by create() before the subscriber is handed out
     *   inbox        - lock-free queue: the publisher offers, the feeder polls
     *   cause        - written by onError before `terminated`, read by the feeder after it
     *   terminated   - volatile: set by onComplete/onError, read by the feeder
     *   sentSinceRequest - the feeder only
     */
    private final Channel<T> out;
    private final Queue<T> inbox = new ConcurrentLinkedQueue<>();
    private final long prefetch;
    private final int batch;
    private volatile Fiber<Void> feeder;
    private volatile Flow.Subscription subscription;
    private volatile boolean stopped;
    private Throwable cause;
    private volatile boolean terminated;
    private int sentSinceRequest;

    private ChannelSubscriber(Channel<T> out, int capacity) {
        this.out = out;
        this.prefetch = Math.max(1, capacity);
        this.batch = Math.max(1, capacity / 2);
    }

    /** Channel.fromPublisher. */
    static <T> Channel<T> subscribe(Flow.Publisher<? extends T> publisher, int capacity) {
        Objects.requireNonNull(publisher, "publisher");
        ChannelSubscriber<T> s = create(capacity);
        publisher.subscribe(s);
        return s.out;
    }

    /** A subscriber with its feeding fiber started, not yet subscribed to anything (tests use it). */
    static <T> ChannelSubscriber<T> create(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0, got " + capacity);
        }
        ChannelSubscriber<T> s = new ChannelSubscriber<>(Channel.buffered(capacity), capacity);
        s.feeder = Fiber.spawn(s::feed);
        return s;
    }

    /** The channel this subscriber fills. */
    Channel<T> channel() {
        return out;
    }

    // ------------------------------------------------------------------ Flow.Subscriber

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription (Reactive Streams rule 2.13)");
        if (subscription != null) {
            s.cancel(); // rule 2.5: one subscription at a time
            return;
        }
        subscription = s;
        if (stopped) {
            s.cancel();
            return;
        }
        s.request(prefetch);
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item (Reactive Streams rule 2.13)");
        if (stopped || terminated) {
            return; // rule 2.8: values after our cancel are dropped (and after a terminal signal: rule 1.7)
        }
        inbox.offer(item);
        feeder.unpark();
    }

    @Override
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error (Reactive Streams rule 2.13)");
        terminate(error);
    }

    @Override
    public void onComplete() {
        terminate(null);
    }

    private void terminate(Throwable error) {
        if (!terminated) {      // signals are serialized (rule 1.3): no race between two of them
            cause = error;
            terminated = true;  // volatile write: publishes cause and every earlier offer
            feeder.unpark();
        }
    }

    // ------------------------------------------------------------------ the feeding fiber

    private void feed() {
        try {
            while (true) {
                T v = inbox.poll();
                if (v == null) {
                    if (!terminated) {
                        Strand.park(this);
                        continue;
                    }
                    v = inbox.poll(); // every offer happened before `terminated`: one last look
                    if (v == null) {
                        out.close0(cause); // false if a receiver closed `out` already
                        return;
                    }
                }
                out.send(v); // parks while `out` is full: backpressure
                if (++sentSinceRequest >= batch) {
                    long n = sentSinceRequest;
                    sentSinceRequest = 0;
                    subscription.request(n);
                }
            }
        } catch (ChannelClosedException receiverClosedOut) {
            stop();
        } catch (FiberCancelledException runtimeClosing) {
            stop();
            out.close0(runtimeClosing);
        }
    }

    /** The feeder gives up: cancel upstream, drop what is buffered in the in-box. */
    private void stop() {
        stopped = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        inbox.clear();
    }

    @Override
    public String toString() {
        return "Subscriber[" + out + "]";
    }
}
