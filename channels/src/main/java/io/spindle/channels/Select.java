package io.spindle.channels;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.sync.internal.Strands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs exactly
 * that one, and returns what its clause's function returns.
 *
 * <pre>{@code
 * String r = Select.select(
 *     in.onReceive(v -> "got " + v, () -> "in closed"),
 *     out.onSend(42, () -> "sent"),
 *     Select.onTimeout(Duration.ofMillis(50), () -> "timeout"));
 * }</pre>
 *
 * <ul>
 *   <li>When several clauses are ready, one is chosen uniformly at random (Go).</li>
 *   <li>A {@code null} clause is ignored (Go's nil channel); a select with no clause at all (or
 *       only nulls) parks forever, until its fiber is cancelled or its thread interrupted.</li>
 *   <li>{@link #onDefault} (at most one) makes the select non-blocking: it runs when no channel
 *       clause is ready right now.</li>
 *   <li>{@link #onTimeout} runs when its duration (counted from the call) passes first; with
 *       several, the shortest counts.</li>
 *   <li>The same channel may appear in several clauses, for sending and for receiving; a select
 *       never meets itself (its own send cannot satisfy its own receive).</li>
 *   <li>A closed channel makes its clauses ready: a receive clause runs its closed-function (or,
 *       without one, the select throws {@link ChannelClosedException}); a send clause throws
 *       {@code ChannelClosedException}.</li>
 *   <li>Clause functions run after every channel lock is released, on the calling strand.</li>
 *   <li>Interruption and cancellation as for {@link Channel}: nothing happened on any channel.</li>
 * </ul>
 */
public final class Select {
    /*
     * Implementation overview (Go's selectgo, see runtime/select.go)
     *
     * 1. Lock every distinct channel of the select in ascending id order (the global lock order;
     *    see Channel overview: Lock).
     * 2. Poll: among the ready clauses pick one uniformly at random by reservoir sampling (one
     *    random draw per ready clause, no shuffled poll-order array), and complete it under the
     *    locks. readyLocked may count a select waiter that another channel wins before we claim
     *    it; then completeLocked returns null, the dead waiter has been dropped, and we poll again.
     * 3. Nothing ready: with onDefault, unlock and run it. If diagnostic mode would refuse the
     *    park (a monitor held), unlock and throw: nothing was registered. Otherwise register: one Waiter per
     *    channel clause, all sharing one SelectState, enqueued on every channel while all the
     *    locks are held, starting from a random clause. Because registration is atomic under the locks, no partner
     *    can see part of it, and the select never polls again after registering, so it cannot
     *    rendezvous with itself.
     * 4. Park in ParkLoop.awaitUnlocking until SelectState has a completed winner, with every lock
     *    still held: SelectState is the composite ParkLock (all the channels' locks, in order), which
     *    the carrier releases once the fiber is PARKED (Channel's overview: Lock, park-with-unlock).
     *    A partner (or close) claims a waiter by CASing SelectState.winner from null under that
     *    waiter's channel lock, unlinks it, completes it and wakes us (resumeBy) after unlocking.
     *    After a spurious wake-up the select re-locks all its channels and rechecks: a partner's
     *    win and its completion happen under one channel lock, so with all locks held the select is
     *    either done or still unclaimed. A timeout, cancellation or interrupt
     *    CASes winner to ABANDONED instead; exactly one CAS wins.
     * 5. Clean-up (in a finally block, so also on cancellation): every other waiter is unlinked
     *    from its channel under that channel's lock, one channel at a time (no order needed:
     *    one lock at a time). Partners that meet one of them first drop it (its CAS fails).
     *    So no waiter record outlives the select.
     * 6. Run the chosen clause's function outside every lock.
     *
     * Reuse (no allocation per select in the steady state, beyond the user's clauses and varargs
     * array). The registration records (the SelectState, one Waiter per clause, the clause and
     * lock-order arrays) belong to the calling strand: they hang off the Waiter in its one-slot
     * node cache (Waiter.selectRecord), taken at the start of every select (Waiter.take) and given
     * back (giveBack) on every normal end: a ready clause completed at once, onDefault, a winner,
     * or a timeout. By then WaitNode's hand-back rule holds: step 5 unlinked every waiter but the
     * winner under its channel's lock (so no partner can still read one of them or the
     * SelectState through one), and the winner's partner completed it, its last access, before
     * we saw it done. The records' references to clauses, channels and values are cleared first.
     * A select that ends with an exception (cancellation, interrupt, a refused park) drops its
     * records; a select nested in a clause function cannot happen before the give-back, and a
     * strand whose slot is empty just allocates new records. Clauses are immutable: one made once
     * (a receive clause, or a send of a constant value) can be reused in any number of selects,
     * by any number of strands at once.
     */

    private Select() {
    }

    /**
     * Runs a select over {@code clauses}; see the class comment.
     *
     * @throws IllegalArgumentException if more than one {@link #onDefault} is given
     * @throws ChannelClosedException if the chosen clause sends on a closed channel, or receives
     *         from a closed, drained channel without a closed-function
     * @throws ChannelInterruptedException if a waiting thread is interrupted (nothing happened)
     */
    @SafeVarargs
    public static <R> R select(SelectClause<? extends R>... clauses) {
        Strand me = Strands.enter();
        DefaultClause<? extends R> dflt = null;
        TimeoutClause<? extends R> timeout = null;
        int n = 0;
        for (SelectClause<? extends R> c : clauses) {
            if (c instanceof DefaultClause<? extends R> d) {
                if (dflt != null) {
                    throw new IllegalArgumentException("select: at most one onDefault clause");
                }
                dflt = d;
            } else if (c instanceof TimeoutClause<? extends R> t) {
                if (timeout == null || t.nanos < timeout.nanos) {
                    timeout = t;
                }
            } else if (c != null) {
                n++;
            }
        }
        long deadline = timeout != null ? ParkLoop.deadlineAfter(timeout.nanos) : 0;
        // The records (overview: Reuse): the strand's cached waiter carries its select record.
        Waiter holder = Waiter.take(me);
        SelectState rec = holder.selectRecord;
        if (rec == null) {
            rec = new SelectState();
            holder.selectRecord = rec;
        }
        rec.ensureCapacity(n);
        @SuppressWarnings("unchecked")
        ChannelClause<? extends R>[] cs = (ChannelClause<? extends R>[]) rec.clauses;
        int k = 0;
        for (SelectClause<? extends R> c : clauses) {
            if (c instanceof ChannelClause<? extends R> cc) {
                cs[k++] = cc;
            }
        }
        Channel<?>[] order = rec.order;
        int m = lockOrder(cs, n, order);
        rec.orderLength = m;
        lockAll(order, m);
        while (true) {
            int chosen = pickReady(cs, n);
            if (chosen < 0) {
                break;
            }
            ChannelClause<? extends R> c = cs[chosen];
            Object outcome = c.completeLocked();
            if (outcome != null) {
                Strand toWake = c.channel().takeWake();
                unlockAll(order, m);
                giveBack(me, holder, rec, n);
                if (toWake != null) {
                    toWake.resumeBy(me); // a queued waiter parked with the lock (Channel overview: Lock)
                }
                return c.finish(outcome);
            }
        }
        if (dflt != null) {
            unlockAll(order, m);
            giveBack(me, holder, rec, n);
            return dflt.finish(null);
        }
        return park(me, holder, rec, n, timeout, deadline);
    }

    /**
     * A select over a clause list built at run time (Go's {@code reflect.Select}); {@code null}
     * elements are ignored. Otherwise the same as {@link #select(SelectClause[])}.
     */
    @SuppressWarnings("unchecked")
    public static <R> R select(List<? extends SelectClause<? extends R>> clauses) {
        SelectClause<? extends R>[] array = clauses.toArray(new SelectClause[0]);
        return Select.<R>select(array);
    }

    /**
     * Steps 3-6 of the overview, on {@code rec}'s first {@code n} clauses. Called with every lock
     * of {@code rec.order} held.
     */
    private static <R> R park(Strand me, Waiter holder, SelectState rec, int n,
                              TimeoutClause<? extends R> timeout, long deadline) {
        Channel<?>[] order = rec.order;
        int m = rec.orderLength;
        checkParkAllowed(me, order, m);
        @SuppressWarnings("unchecked")
        ChannelClause<? extends R>[] cs = (ChannelClause<? extends R>[]) rec.clauses;
        Waiter[] ws = rec.waiters;
        rec.rearm();
        // Enqueue from a random clause on: when several clauses of this select wait on one channel,
        // which of them a partner meets first is random (Go gets this from its shuffled lock order).
        int start = n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
        for (int j = 0; j < n; j++) {
            int i = start + j < n ? start + j : start + j - n;
            Waiter w = ws[i];
            if (w == null) {
                ws[i] = w = new Waiter();
            }
            cs[i].armWaiter(w, me, rec); // plain writes, published by the enqueue under the lock
            cs[i].channel().enqueueLocked(w);
        }
        int outcome;
        try {
            // parks with every lock held; the carrier releases them all (rec.unlock()) once parked
            outcome = ParkLoop.awaitUnlocking(rec, rec, rec, timeout != null, deadline, me, true);
        } finally {
            cleanUp(ws, n, rec.lvWinner());
        }
        if (outcome == ParkLoop.TIMED_OUT) {
            giveBack(me, holder, rec, n); // abandoned: cleanUp unlinked every waiter
            return timeout.finish(null);
        }
        if (outcome == ParkLoop.INTERRUPTED) {
            throw new ChannelInterruptedException("interrupted in select: no clause ran");
        }
        Waiter w = rec.lvWinner();
        ChannelClause<? extends R> c = cs[rec.clauseOf(w, n)];
        Object result = c.outcomeOf(w);
        giveBack(me, holder, rec, n); // the winner's partner is done with it; the rest are unlinked
        return c.finish(result);
    }

    /**
     * Overview step "Reuse": the select is over and WaitNode's hand-back rule holds (every waiter
     * unlinked under its channel's lock, the winner completed); clears the records' references
     * and caches them with {@code holder} in {@code me}'s slot, before any clause function runs.
     */
    private static void giveBack(Strand me, Waiter holder, SelectState rec, int n) {
        rec.clear(n);
        holder.recycle(me);
    }

    /**
     * Before registering, with every lock of {@code order} held: if the park would be refused
     * (diagnostic mode, a monitor held; see ParkLoop's "Refused parks"), unlocks them all and
     * throws, so that a refused select leaves no waiter on any channel.
     */
    private static void checkParkAllowed(Strand me, Channel<?>[] order, int m) {
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            unlockAll(order, m);
            throw refused;
        }
    }

    /** Overview step 5: unlinks every waiter but the winner, one channel lock at a time. */
    private static void cleanUp(Waiter[] ws, int n, Waiter winner) {
        for (int i = 0; i < n; i++) {
            Waiter w = ws[i];
            if (w != winner) {
                Channel<?> c = w.channel;
                c.lock();
                c.removeLocked(w);
                c.unlock();
            }
        }
    }

    /** Reservoir sampling over the first {@code n} clauses that are ready (overview step 2); -1 if none is. */
    private static int pickReady(ChannelClause<?>[] cs, int n) {
        int chosen = -1;
        int ready = 0;
        ThreadLocalRandom rnd = null;
        for (int i = 0; i < n; i++) {
            if (cs[i].readyLocked()) {
                ready++;
                if (ready == 1) {
                    chosen = i;
                } else {
                    if (rnd == null) {
                        rnd = ThreadLocalRandom.current(); // the carrier's inside a fiber: fine, never held across a park
                    }
                    if (rnd.nextInt(ready) == 0) {
                        chosen = i;
                    }
                }
            }
        }
        return chosen;
    }

    /**
     * Writes the distinct channels of the first {@code n} clauses into {@code a} (room for
     * {@code n}) in ascending id order (the global lock order); returns how many there are.
     */
    private static int lockOrder(ChannelClause<?>[] cs, int n, Channel<?>[] a) {
        int m = 0;
        for (int k = 0; k < n; k++) {
            Channel<?> ch = cs[k].channel();
            int i = m - 1;
            while (i >= 0 && a[i].id > ch.id) {
                i--;
            }
            if (i >= 0 && a[i] == ch) {
                continue; // duplicate
            }
            System.arraycopy(a, i + 1, a, i + 2, m - i - 1);
            a[i + 1] = ch;
            m++;
        }
        return m;
    }

    static void lockAll(Channel<?>[] order, int m) {
        for (int i = 0; i < m; i++) {
            order[i].lock();
        }
    }

    static void unlockAll(Channel<?>[] order, int m) {
        for (int i = m - 1; i >= 0; i--) {
            order[i].unlock();
        }
    }

    /**
     * A clause chosen when {@code timeout} passes (counted from the start of the select) before
     * any channel clause is ready. A zero or negative timeout fires at once if nothing is ready.
     */
    public static <R> SelectClause<R> onTimeout(Duration timeout, Supplier<? extends R> onTimeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new TimeoutClause<>(ParkLoop.toNanos(timeout), Objects.requireNonNull(onTimeout, "onTimeout"));
    }

    /** A clause chosen at once when no channel clause is ready: the select never parks. */
    public static <R> SelectClause<R> onDefault(Supplier<? extends R> onDefault) {
        return new DefaultClause<>(Objects.requireNonNull(onDefault, "onDefault"));
    }
}
