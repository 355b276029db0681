package io.spindle.bench.chan;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import java.util.List;

/** loom-jox's channels: jox rendezvous and buffered channels, jox select, {@link java.util.concurrent.CountDownLatch}. */
public final class JoxChannels implements ChannelFamily {
    @Override
    public <T> BenchChannel<T> unbuffered() {
        return new JoxChannel<>(Channel.newRendezvousChannel());
    }

    @Override
    public <T> BenchChannel<T> buffered(int capacity) {
        return new JoxChannel<>(Channel.newBufferedChannel(capacity));
    }

    @Override
    public <T> BenchSelector<T> selector(List<BenchChannel<T>> channels) {
        @SuppressWarnings("unchecked")
        Channel<T>[] chs = channels.stream().map(c -> ((JoxChannel<T>) c).channel()).toArray(Channel[]::new);
        return new BenchSelector<>() {
            @Override
            public T receive() {
                @SuppressWarnings("unchecked")
                SelectClause<T>[] clauses = new SelectClause[chs.length];
                for (int i = 0; i < chs.length; i++) {
                    clauses[i] = chs[i].receiveClause();
                }
                try {
                    return Select.select(clauses);
                } catch (InterruptedException e) {
                    throw new BenchInterruptedException(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public BenchLatch latch(long count) {
        return new JucLatch(count);
    }

    /** A jox channel as a {@link BenchChannel}. */
    record JoxChannel<T>(Channel<T> channel) implements BenchChannel<T> {
        @Override
        public void send(T value) {
            try {
                channel.send(value);
            } catch (InterruptedException e) {
                throw new BenchInterruptedException(e);
            }
        }

        @Override
        public T receive() {
            try {
                return channel.receive();
            } catch (InterruptedException e) {
                throw new BenchInterruptedException(e);
            }
        }
    }
}
