package io.spindle.bench.chan;

import io.spindle.channels.Channel;
import io.spindle.channels.Select;
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
        @SuppressWarnings("unchecked")
        Channel<T>[] chs = channels.stream().map(c -> ((SpindleChannel<T>) c).channel()).toArray(Channel[]::new);
        return new BenchSelector<>() {
            @Override
            public T receive() {
                return switch (chs.length) {
                    case 1 -> Select.select(chs[0].onReceive(v -> v));
                    case 2 -> Select.select(chs[0].onReceive(v -> v), chs[1].onReceive(v -> v));
                    case 4 -> Select.select(chs[0].onReceive(v -> v), chs[1].onReceive(v -> v),
                            chs[2].onReceive(v -> v), chs[3].onReceive(v -> v));
                    default -> throw new IllegalArgumentException("select over " + chs.length + " channels");
                };
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
