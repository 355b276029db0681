package io.spindle.channels;

import java.util.function.Supplier;

/** {@link Select#onDefault}: chosen at once when no channel clause is ready. */
final class DefaultClause<R> extends SelectClause<R> {
    private final Supplier<? extends R> onDefault;

    DefaultClause(Supplier<? extends R> onDefault) {
        this.onDefault = onDefault;
    }

    @Override
    R finish(Object outcome) {
        return onDefault.get();
    }
}
