package io.spindle.channels;

import io.spindle.runtime.Strand;
import java.util.function.Supplier;

/** {@link Channel#onSend}: send the value, then run onSent. */
final class SendClause<T, R> extends ChannelClause<R> {
    private static final Object SENT = Boolean.TRUE;

    private final Channel<T> channel;
    private final T value;
    private final Supplier<? extends R> onSent;

    SendClause(Channel<T> channel, T value, Supplier<? extends R> onSent) {
        this.channel = channel;
        this.value = value;
        this.onSent = onSent;
    }

    @Override
    Channel<?> channel() {
        return channel;
    }

    @Override
    boolean readyLocked() {
        return channel.canSendLocked();
    }

    @Override
    Object completeLocked() {
        int r = channel.offerLocked(value);
        return r == Channel.OFFERED ? SENT : r == Channel.CLOSED ? Channel.CLOSED_MARK : null;
    }

    @Override
    void armWaiter(Waiter w, Strand strand, SelectState select) {
        w.arm(strand, select, channel, true, value);
    }

    @Override
    Object outcomeOf(Waiter w) {
        return w.state() == Waiter.CLOSED ? Channel.CLOSED_MARK : SENT;
    }

    @Override
    R finish(Object outcome) {
        if (outcome == Channel.CLOSED_MARK) {
            throw new ChannelClosedException("select chose a send on a closed channel");
        }
        return onSent.get();
    }
}
