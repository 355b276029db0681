package io.spindle.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Structured concurrency for fibers, like the JDK's {@code StructuredTaskScope} (shut down on
 * failure), Go's {@code errgroup} and Kotlin's {@code coroutineScope}:
 *
 * <pre>{@code
 * try (FiberScope scope = FiberScope.open()) {
 *     Fiber<String> user = scope.spawn(() -> fetchUser(id));
 *     Fiber<Integer> order = scope.spawn(() -> fetchOrder(id));
 *     scope.join();                       // waits for both; throws if one failed
 *     return user.join() + order.join();
 * }                                       // close: waits for every child, whatever happened
 * }</pre>
 *
 * <ul>
 *   <li>The first child that fails (with anything but a cancellation) cancels all its siblings; its
 *       exception is what {@link #join()} throws, wrapped in a {@link CompletionException}.</li>
 *   <li>{@link #cancel()} cancels every child; so does the owner being cancelled while it waits in
 *       {@code join} or {@code close}.</li>
 *   <li>{@link #close()} waits for every child to end (cancelled children end at their next park),
 *       so no child outlives the block. It does not throw the children's failures: call
 *       {@code join()} for that.</li>
 * </ul>
 * Children run on the runtime of the fiber that opened the scope (or {@link Runtime#global()} when
 * opened on a plain thread). A scope may be used by its owner and by its children; it is not meant
 * to be shared further.
 */
public final class FiberScope implements AutoCloseable {
    private static final VarHandle FIRST_FAILURE;

    static {
        try {
            FIRST_FAILURE = MethodHandles.lookup().findVarHandle(FiberScope.class, "firstFailure", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runtime runtime;
    private final ConcurrentLinkedQueue<Fiber<?>> children = new ConcurrentLinkedQueue<>();
    @SuppressWarnings("unused") private volatile Throwable firstFailure; // set once, by CAS
    private volatile boolean cancelled;
    private volatile boolean closed;

    private FiberScope(Runtime runtime) {
        this.runtime = runtime;
    }

    /** Opens a scope on the current fiber's runtime, or on {@link Runtime#global()}. */
    public static FiberScope open() {
        Fiber<?> f = Fiber.current();
        return new FiberScope(f != null ? f.runtime() : Runtime.global());
    }

    /** Opens a scope whose children run on {@code runtime}. */
    public static FiberScope open(Runtime runtime) {
        return new FiberScope(Objects.requireNonNull(runtime, "runtime"));
    }

    /** Spawns a child. After {@link #close()} this throws {@link IllegalStateException}. */
    public <T> Fiber<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        if (closed) {
            throw new IllegalStateException("this FiberScope is closed: open a new scope to spawn more fibers");
        }
        Fiber<T> child = runtime.spawn(() -> {
            try {
                return body.call();
            } catch (Throwable t) {
                childFailed(t);
                throw t;
            }
        });
        children.add(child);
        if (cancelled) {
            child.cancel();
        }
        return child;
    }

    /** Spawns a child without a result. */
    public Fiber<Void> spawn(Runnable body) {
        Objects.requireNonNull(body, "body");
        return spawn(() -> {
            body.run();
            return null;
        });
    }

    private void childFailed(Throwable t) {
        if (t instanceof FiberCancelledException && cancelled) {
            return; // a consequence of the cancellation, not a cause
        }
        if (FIRST_FAILURE.compareAndSet(this, null, t)) {
            cancel();
        }
    }

    /** Cancels every child (now and spawned later). */
    public void cancel() {
        cancelled = true;
        for (Fiber<?> c : children) {
            c.cancel();
        }
    }

    /** True once {@link #cancel()} ran, by a call or because a child failed. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** The first child failure, or null. */
    public Throwable failure() {
        return firstFailure;
    }

    /**
     * Waits for every child spawned so far. Throws {@link CompletionException} with the first child
     * failure as cause, if any. If the waiting fiber is cancelled, the children are cancelled and
     * waited for, then the {@link FiberCancelledException} propagates.
     */
    public void join() {
        awaitAll();
        Throwable f = firstFailure;
        if (f != null) {
            throw new CompletionException(f);
        }
    }

    private void awaitAll() {
        FiberCancelledException ownerCancelled = null;
        while (true) {
            List<Fiber<?>> pending = new ArrayList<>();
            for (Fiber<?> c : children) {
                if (!c.isDone()) {
                    pending.add(c);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            for (Fiber<?> c : pending) {
                try {
                    c.join(); // not get(): get() returns at once for a cancelled child (Future's contract)
                } catch (FiberCancelledException e) {
                    // the owner was cancelled while waiting: cancel the children, then keep waiting
                    ownerCancelled = e;
                    cancel();
                    waitUncancellably(c);
                } catch (CompletionException childFailure) {
                    // recorded by childFailed; join() reports it
                }
            }
        }
        if (ownerCancelled != null) {
            throw ownerCancelled;
        }
    }

    /** Waits for a cancelled child even though the waiting fiber is itself cancelled. */
    private static void waitUncancellably(Fiber<?> c) {
        Fiber<?> me = Fiber.current();
        while (!c.isDone()) {
            if (me != null) {
                me.yieldIgnoringCancellation(); // every park would throw: yield until the child ends
            } else {
                try {
                    c.join();
                } catch (CompletionException childFailure) {
                    // recorded by childFailed
                }
            }
        }
    }

    /** Waits for every child to end; see the class comment. Idempotent. */
    @Override
    public void close() {
        closed = true;
        awaitAll();
    }
}
