package io.spindle.channels;

import io.spindle.runtime.Strand;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link Channel#onReceive}: receive, then map the value (or run onClosed). */
final class ReceiveClause<T, R> extends ChannelClause<R> {
    private final Channel<T> channel;
    private final Function<? super T, ? extends R> onValue;
    private final Supplier<? extends R> onClosed; // null: closed -> ChannelClosedException

    ReceiveClause(Channel<T> channel, Function<? super T, ? extends R> onValue, Supplier<? extends R> onClosed) {
        this.channel = channel;
        this.onValue = onValue;
        this.onClosed = onClosed;
    }

    @Override
    Channel<?> channel() {
        return channel;
    }

    @Override
    boolean readyLocked() {
        return channel.canReceiveLocked();
    }

    @Override
    Object completeLocked() {
        return channel.pollLocked();
    }

    @Override
    void armWaiter(Waiter w, Strand strand, SelectState select) {
        w.arm(strand, select, channel, false, null);
    }

    @Override
    Object outcomeOf(Waiter w) {
        return w.state() == Waiter.CLOSED ? Channel.CLOSED_MARK : w.item;
    }

    @Override
    @SuppressWarnings("unchecked")
    R finish(Object outcome) {
        if (outcome != Channel.CLOSED_MARK) {
            return onValue.apply((T) outcome);
        }
        if (onClosed == null) {
            throw new ChannelClosedException("select chose a receive on a closed and drained channel");
        }
        return onClosed.get();
    }
}
