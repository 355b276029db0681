package io.spindle.channels;

import io.spindle.runtime.Strand;

/**
 * One clause of a {@link Select#select select}: made by {@link Channel#onReceive},
 * {@link Channel#onSend}, {@link Select#onTimeout} or {@link Select#onDefault}. A clause is a
 * one-shot description; it may be reused in several selects.
 *
 * @param <R> what the clause's function returns, and so what the select returns
 */
public abstract class SelectClause<R> {
    SelectClause() {
    }

    /** The channel, or null for onTimeout/onDefault. */
    Channel<?> channel() {
        return null;
    }

    /** Would it complete now? Under the channel's lock. */
    boolean readyLocked() {
        throw new AssertionError("not a channel clause");
    }

    /**
     * Completes it now; under the channel's lock. Returns the outcome for {@link #finish}, or null
     * if it turned out not to be ready (a select waiter seen by readyLocked was won elsewhere).
     */
    Object completeLocked() {
        throw new AssertionError("not a channel clause");
    }

    /** A waiter for this clause, to enqueue on its channel. */
    Waiter newWaiter(Strand strand, SelectState select, int index) {
        throw new AssertionError("not a channel clause");
    }

    /** The outcome of a waiter that a partner or close() completed. */
    Object outcomeOf(Waiter w) {
        throw new AssertionError("not a channel clause");
    }

    /** Runs the clause's function for an outcome; {@link Channel#CLOSED_MARK} means closed. */
    abstract R finish(Object outcome);
}
