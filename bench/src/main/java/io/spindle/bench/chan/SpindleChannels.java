package io.spindle.bench.chan;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
import io.spindle.channels.SelectClause;
import io.spindle.sync.WaitGroup;
import java.util.List;

/**
 * The channels of the spindle and loom-spindle implementations: the real io.spindle.channels
 * Channel and Select, and io.spindle.sync.WaitGroup (the public API). In a virtual thread
 * (loom-spindle) they take their thread-side path, since Fiber.current() is null there.
 * (Until 2026-11-28 01:05 UTC the bench ran a provisional channel here while io.spindle.channels
 * was being written; docs/benchmarks.md says which results used it.)
 */
public final class SpindleChannels implements ChannelFamily {
    /** Which Spindle channels the bench runs on; printed in compare reports. */
    public static final String KIND = "io.spindle.channels";

    @Override
    public <T> BenchChannel<T> unbuffered() {
        return new SpindleChannel<>(Channel.unbuffered());
    }

    @Override
    public <T> BenchChannel<T> buffered(int capacity) {
        return new SpindleChannel<>(Channel.buffered(capacity));
    }

    @Override
    public <T> BenchSelector<T> selector(List<BenchChannel<T>> channels) {
        // The clauses are made once and reused by every receive (SelectClause: a clause holds no
        // state of any select), as a Go select statement costs nothing per execution; with them a
        // receive allocates nothing in the steady state (docs/channels.md, "Allocation").
        @SuppressWarnings("unchecked")
        SelectClause<T>[] clauses = channels.stream()
                .map(c -> ((SpindleChannel<T>) c).channel().<T>onReceive(v -> v))
                .toArray(SelectClause[]::new);
        if (clauses.length != 1 && clauses.length != 2 && clauses.length != 4) {
            throw new IllegalArgumentException("select over " + clauses.length + " channels");
        }
        return new BenchSelector<>() {
            @Override
            public T receive() {
                return Select.select(clauses);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public BenchLatch latch(long count) {
        WaitGroup wg = new WaitGroup();
        wg.add(Math.toIntExact(count));
        return new BenchLatch() {
            @Override
            public void countDown() {
                wg.done();
            }

            @Override
            public void await() {
                wg.await();
            }
        };
    }

    /** A Spindle channel as a {@link BenchChannel}. */
    record SpindleChannel<T>(Channel<T> channel) implements BenchChannel<T> {
        @Override
        public void send(T value) {
            channel.send(value);
        }

        @Override
        public T receive() {
            return channel.receive();
        }
    }
}
