package io.spindle.channels;

import io.spindle.runtime.Strand;

/**
 * A select clause on a channel ({@link SendClause} or {@link ReceiveClause}): what
 * {@link Select} needs to poll it, complete it, or register a waiter for it. Timeout and default
 * clauses are not channel clauses, so they have none of these operations.
 *
 * @param <R> what the clause's function returns
 */
abstract sealed class ChannelClause<R> extends SelectClause<R> permits SendClause, ReceiveClause {
    ChannelClause() {
    }

    /** The channel. */
    abstract Channel<?> channel();

    /** Would it complete now? Under the channel's lock. */
    abstract boolean readyLocked();

    /**
     * Completes it now; under the channel's lock. Returns the outcome for {@link #finish}, or null
     * if it turned out not to be ready (a select waiter seen by readyLocked was won elsewhere).
     */
    abstract Object completeLocked();

    /** Arms {@code w} (a reused one, see Select's overview: Reuse) for this clause, to enqueue on its channel. */
    abstract void armWaiter(Waiter w, Strand strand, SelectState select);

    /** The outcome of a waiter that a partner or close() completed. */
    abstract Object outcomeOf(Waiter w);
}
