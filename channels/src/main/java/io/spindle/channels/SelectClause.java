package io.spindle.channels;

/**
 * One clause of a {@link Select#select select}: made by {@link Channel#onReceive},
 * {@link Channel#onSend}, {@link Select#onTimeout} or {@link Select#onDefault}. A clause is an
 * immutable description that holds no state of any select: it may be reused in any number of
 * selects, also by several strands at once. Creating the clauses once saves their allocation on
 * every call (a select itself allocates nothing in the steady state):
 *
 * <pre>{@code
 * SelectClause<String> a = in1.onReceive(v -> "1: " + v);   // made once, outside the loop
 * SelectClause<String> b = in2.onReceive(v -> "2: " + v);
 * while (true) {
 *     String s = Select.select(a, b);
 * }
 * }</pre>
 *
 * A send clause carries its value (each select that chooses it sends that same value), and a
 * timeout clause counts its duration from the start of each select that uses it. Sealed: the four
 * factories above are the only ways to make one.
 *
 * @param <R> what the clause's function returns, and so what the select returns
 */
public abstract sealed class SelectClause<R> permits ChannelClause, DefaultClause, TimeoutClause {
    SelectClause() {
    }

    /** Runs the clause's function for an outcome; {@link Channel#CLOSED_MARK} means closed. */
    abstract R finish(Object outcome);
}
