package io.spindle.runtime;

import io.spindle.runtime.internal.fiber.Timeouts;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * {@link Fiber#await(CompletionStage)} and the parking used by {@link FiberAwareFuture}: wait for
 * a {@link CompletionStage} by parking the current strand. Internal to the runtime package.
 */
final class StageAwait {
    /*
     * Implementation overview
     *
     * A waiter (a BiConsumer) is registered with stage.whenComplete: whoever completes the stage
     * (or the registering strand itself, if it is complete already) runs it; it stores the outcome,
     * then writes `done` (volatile) and unparks the waiting strand if that has announced `waiting`
     * (volatile, written before its first check of `done`: a Dekker pair, so either the waiter sees
     * done or the completer sees waiting; a stage that completes inside whenComplete leaves no
     * stray permit). The waiter parks
     * in a loop until it reads `done` (the volatile read pairs with that write and makes the
     * outcome visible). Strand's permit semantics make the order of unpark and park irrelevant.
     *
     * Fibers: the park is a Spindle park, so a cancelled fiber leaves with FiberCancelledException;
     * its waiter stays registered with the stage until the stage completes (then it unparks a
     * fiber that no longer waits: harmless), as CompletableFuture's own waiters do on a timeout.
     * Threads: uninterruptible, like Fiber.join and CompletableFuture.join: an interrupt is
     * remembered and set again on return.
     */

    private StageAwait() {
    }

    /** Fiber.await: see its javadoc. */
    static <T> T await(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof CompletableFuture<T> cf) {
            try {
                if (cf.isDone()) {
                    return cf.join(); // CompletableFuture.join's rules exactly
                }
            } catch (UnsupportedOperationException minimalStage) {
                // CompletableFuture.minimalCompletionStage(): no isDone/join; take the slow path
            }
        }
        Waiter w = new Waiter(Strand.current());
        stage.whenComplete(w);
        w.await(0);
        return reportJoin(w);
    }

    /**
     * Parks the current strand until {@code cf} is done, at most {@code nanos} (0: no limit);
     * false on timeout. For FiberAwareFuture, which then reports the outcome itself.
     */
    static boolean parkUntilDone(CompletableFuture<?> cf, long nanos) {
        Waiter w = new Waiter(Strand.current());
        cf.whenComplete(w);
        return w.await(nanos);
    }

    /** CompletableFuture.join's exception rules (its reportJoin), applied to a waiter's outcome. */
    @SuppressWarnings("unchecked")
    private static <T> T reportJoin(Waiter w) {
        Throwable t = w.failure;
        if (t == null) {
            return (T) w.value;
        }
        if (t instanceof CancellationException ce) {
            throw ce;                      // a cancelled stage (FiberCancelledException is one too)
        }
        if (t instanceof CompletionException ce) {
            throw ce;                      // a dependent stage's failure comes wrapped already
        }
        throw new CompletionException(t);
    }

    /** The completion callback and the parking loop. */
    private static final class Waiter implements BiConsumer<Object, Throwable> {
        private final Strand strand; // final: the waiting strand
        private Object value;        // written before `done`, read after it
        private Throwable failure;   // same
        private volatile boolean done;
        private volatile boolean waiting; // set before the first park: only then does accept unpark

        Waiter(Strand strand) {
            this.strand = strand;
        }

        @Override
        public void accept(Object v, Throwable t) {
            value = v;
            failure = t;
            done = true;      // volatile write: publishes value/failure; pairs with the read in await
            if (waiting) {    // Dekker with await's "waiting = true; read done": one sees the other
                strand.unpark();
            }
        }

        /** Parks until done (true) or until {@code nanos} passed (false); 0 means no limit. */
        boolean await(long nanos) {
            long deadline = nanos > 0 ? Timeouts.deadlineAfter(nanos) : 0; // huge: saturates
            boolean interrupted = false;
            waiting = true; // a stage completed during whenComplete leaves no stray permit behind
            try {
                while (!done) {
                    if (nanos > 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        strand.parkSelfNanos(this, left);
                    } else {
                        strand.parkSelf(this);
                    }
                    if (!strand.isFiber() && Thread.interrupted()) {
                        interrupted = true;
                    }
                }
                return true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
