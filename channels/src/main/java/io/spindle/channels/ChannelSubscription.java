package io.spindle.channels;

import io.spindle.runtime.FiberCancelledException;
import io.spindle.runtime.Strand;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Flow;

/**
 * One subscription of a {@link ChannelPublisher}: the fiber that serves it and the
 * {@link Flow.Subscription} the subscriber talks to. Internal to the channels package.
 *
 * @param <T> the element type
 */
final class ChannelSubscription<T> implements Flow.Subscription {
    /*
     * Implementation overview
     *
     * One serving fiber makes every signal (onSubscribe, onNext, onComplete, onError), so they are
     * serialized by construction (rule 1.3) and a request() made inside onNext never recurses into
     * onNext (rule 3.3): request only adds demand and unparks the server.
     *
     * Serving loop: park (Strand.park, permit semantics) until demand > 0, cancelled or a bad
     * request; a channel found closed and drained before parking ends the stream without demand
     * (a close that happens while the server is parked for demand is seen at the next request);
     * then select between a receive on the channel and the cancel signal (an unbuffered
     * channel that cancel() closes, Go's `done` channel), so that a cancel wakes a server that waits
     * for a value and nothing is taken after it. A received value is delivered even if a cancel
     * raced with the receive (rule 3.12 allows it; the value would otherwise be lost).
     *
     * Demand: a volatile long, changed by CAS loops: request() adds with saturation at
     * Long.MAX_VALUE (rule 3.17: then it is never decremented again); the server decrements per
     * onNext. A request that moves demand away from 0 unparks the server; the park protocol keeps
     * the permit if the server has not parked yet, so no wake-up is lost.
     *
     * state: ACTIVE -> CANCELLED (cancel(), or a terminal signal, or a bad request, CAS once).
     *
     * Fields and who touches them:
     *   server     - written by the serving fiber before onSubscribe, read by request/cancel (which
     *                a subscriber can only call after onSubscribe: happens-before through it)
     *   demand     - volatile, CAS by request (any thread) and the server
     *   badRequest - written by request before the volatile badRequestSeen, read by the server after it
     *   state      - volatile, CAS by cancel/the server; read by both
     */
    private static final int ACTIVE = 0;
    private static final int CANCELLED = 1;
    /** Select answers besides a value. */
    private static final Object CLOSED = new Object();
    private static final Object STOP = new Object();

    private static final VarHandle DEMAND =
            VarHandles.field(MethodHandles.lookup(), ChannelSubscription.class, "demand", long.class);
    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), ChannelSubscription.class, "state", int.class);

    private final Channel<T> channel;
    private final Channel<Object> cancelSignal = Channel.unbuffered(); // closed by cancel(); never carries values
    private Flow.Subscriber<? super T> subscriber; // cleared at the end (rule 3.13); server only
    private volatile Strand server;
    @SuppressWarnings("unused") private volatile long demand;
    @SuppressWarnings("unused") private volatile int state;
    private long badRequest;                // an n <= 0 passed to request; published by badRequestSeen
    private volatile boolean badRequestSeen; // written by request, read by the server

    ChannelSubscription(Channel<T> channel, Flow.Subscriber<? super T> subscriber) {
        this.channel = channel;
        this.subscriber = subscriber;
    }

    // ------------------------------------------------------------------ Flow.Subscription

    @Override
    public void request(long n) {
        if (lvState() != ACTIVE) {
            return; // rule 3.6
        }
        if (n <= 0) {
            badRequest = n;
            badRequestSeen = true;
            server.unpark();
            return;
        }
        long d;
        long next;
        do {
            d = (long) DEMAND.getVolatile(this);
            if (d == Long.MAX_VALUE) {
                return;
            }
            next = d + n < 0 ? Long.MAX_VALUE : d + n; // saturate (rule 3.17)
        } while (!DEMAND.compareAndSet(this, d, next));
        if (d == 0) {
            server.unpark(); // the permit is kept if the server has not parked yet
        }
    }

    @Override
    public void cancel() {
        if (STATE.compareAndSet(this, ACTIVE, CANCELLED)) {
            cancelSignal.close(); // wakes a server waiting in select
            Strand s = server;
            if (s != null) {
                s.unpark(); // wakes a server waiting for demand
            }
        }
    }

    // ------------------------------------------------------------------ the serving fiber

    /** The serving fiber's body. */
    void serve() {
        server = Strand.current();
        Flow.Subscriber<? super T> sub = subscriber;
        try {
            sub.onSubscribe(this);
            loop(sub);
        } catch (FiberCancelledException e) {
            // the serving fiber was cancelled (its runtime is closing): the stream ends abnormally
            if (STATE.compareAndSet(this, ACTIVE, CANCELLED)) {
                sub.onError(e);
            }
        } catch (Throwable t) {
            // a subscriber method threw (rule 2.13): treat the subscription as cancelled, report
            cancel();
            throw t;
        } finally {
            subscriber = null; // rule 3.13: drop the subscriber
        }
    }

    @SuppressWarnings("unchecked")
    private void loop(Flow.Subscriber<? super T> sub) {
        while (true) {
            while ((long) DEMAND.getVolatile(this) == 0 && lvState() == ACTIVE && !badRequestSeen) {
                if (channel.isClosed() && channel.size() == 0) { // closed and drained stays so
                    terminate(sub);                             // a terminal signal needs no demand
                    return;
                }
                Strand.park(this);
            }
            if (lvState() != ACTIVE) {
                return;
            }
            if (badRequestSeen) {
                if (STATE.compareAndSet(this, ACTIVE, CANCELLED)) {
                    sub.onError(new IllegalArgumentException("Subscription.request(n) needs n > 0, got "
                            + badRequest + " (Reactive Streams rule 3.9)"));
                }
                return;
            }
            Object r = Select.select(
                    channel.onReceive(v -> v, () -> CLOSED),
                    cancelSignal.onReceive(v -> STOP, () -> STOP));
            if (r == STOP) {
                return;
            }
            if (r == CLOSED) {
                terminate(sub);
                return;
            }
            long d;
            do {
                d = (long) DEMAND.getVolatile(this);
            } while (d != Long.MAX_VALUE && !DEMAND.compareAndSet(this, d, d - 1));
            sub.onNext((T) r);
        }
    }

    /** The channel is closed and drained: onComplete, or onError with a failed publisher's error. */
    private void terminate(Flow.Subscriber<? super T> sub) {
        if (STATE.compareAndSet(this, ACTIVE, CANCELLED)) {
            Throwable cause = channel.closeCause();
            if (cause != null) {
                sub.onError(cause);
            } else {
                sub.onComplete();
            }
        }
    }

    private int lvState() {
        return (int) STATE.getVolatile(this);
    }
}
