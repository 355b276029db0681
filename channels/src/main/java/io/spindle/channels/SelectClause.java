package io.spindle.channels;

/**
 * One clause of a {@link Select#select select}: made by {@link Channel#onReceive},
 * {@link Channel#onSend}, {@link Select#onTimeout} or {@link Select#onDefault}. A clause is a
 * one-shot description; it may be reused in several selects. Sealed: the four factories above are
 * the only ways to make one.
 *
 * @param <R> what the clause's function returns, and so what the select returns
 */
public abstract sealed class SelectClause<R> permits ChannelClause, DefaultClause, TimeoutClause {
    SelectClause() {
    }

    /** Runs the clause's function for an outcome; {@link Channel#CLOSED_MARK} means closed. */
    abstract R finish(Object outcome);
}
