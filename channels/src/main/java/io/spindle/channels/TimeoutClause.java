package io.spindle.channels;

import java.util.function.Supplier;

/** {@link Select#onTimeout}: chosen when its duration passes before any channel clause is ready. */
final class TimeoutClause<R> extends SelectClause<R> {
    final long nanos;
    private final Supplier<? extends R> onTimeout;

    TimeoutClause(long nanos, Supplier<? extends R> onTimeout) {
        this.nanos = nanos;
        this.onTimeout = onTimeout;
    }

    @Override
    R finish(Object outcome) {
        return onTimeout.get();
    }
}
