package io.spindle.channels;

import io.spindle.runtime.ParkLoop;
import io.spindle.runtime.Strand;
import io.spindle.runtime.SynchronizedParkException;
import io.spindle.sync.internal.SpinLock;
import io.spindle.sync.internal.Strands;
import io.spindle.sync.internal.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Go channel: a typed conduit between fibers and/or plain threads.
 *
 * <pre>{@code
 * Channel<String> ch = Channel.unbuffered();     // Go: make(chan string)
 * Fiber.spawn(() -> { ch.send("hi"); ch.close(); });
 * for (String s : ch) System.out.println(s);     // Go: for s := range ch
 * }</pre>
 *
 * <ul>
 *   <li><b>Unbuffered</b> ({@link #unbuffered()}, {@code buffered(0)}): a rendezvous. A send
 *       completes only when a receiver takes the value.</li>
 *   <li><b>Buffered</b> ({@link #buffered(int)}): a FIFO of {@code n} values; a send parks only
 *       when it is full, a receive only when it is empty. Parked senders and receivers are served
 *       FIFO.</li>
 *   <li><b>Unbounded</b> ({@link #unbounded()}): a send never parks.</li>
 * </ul>
 *
 * <p><b>Close.</b> After {@link #close()} a send throws {@link ChannelClosedException}; receivers
 * first drain the buffered values, then get {@code ChannelClosedException}; senders waiting at the
 * time of the close are woken with it; iteration ends. Closing twice throws it too.
 *
 * <p><b>Fibers and threads.</b> A fiber that must wait parks (its carrier runs other fibers); a
 * plain thread blocks. Both ends may be any mix of the two. A plain thread interrupted while it
 * waits abandons the operation and gets {@link ChannelInterruptedException} with its interrupt
 * status set; a cancelled fiber abandons it and gets
 * {@link io.spindle.runtime.FiberCancelledException}. Either way an abandoned send delivered
 * nothing and an abandoned receive consumed nothing. {@code null} elements are rejected with
 * {@link NullPointerException}.
 *
 * <p><b>Reactive Streams.</b> {@link #asPublisher()} and {@link #fromPublisher} bridge channels and
 * {@link Flow} publishers with demand-driven backpressure. A channel filled by a publisher that
 * failed is closed with that error: once drained, receives throw {@link ChannelClosedException}
 * whose cause is the publisher's error.
 *
 * <p>See also {@link Select#select} and docs/channels.md.
 *
 * @param <T> the element type
 */
public final class Channel<T> implements Iterable<T> {
    /*
     * Implementation overview
     *
     * Design choice. One small lock per channel plus two FIFO waiter queues, as in Go's chan.go,
     * rather than the lock-free segment algorithm of Koval, Alistarh and Elizarov (jox, Kotlin).
     * Why:
     *   - select: with per-channel locks taken in one global order (by id), a select checks all of
     *     its channels and, if none is ready, enqueues a waiter on every one of them atomically
     *     (Go's selectgo). Nobody can see a half-registered select, so a select can never meet
     *     itself (send and receive on the same unbuffered channel) and needs one CAS to decide
     *     who wins it. The segment algorithm needs a per-cell state machine, interruption cells
     *     and segment removal to do the same, with several CASes per operation.
     *   - the fast paths here are short: a lock CAS, a few plain field writes, a release store.
     *     The lock is held for tens of nanoseconds and never across a park (see Lock: the
     *     park-with-unlock exception) or an unpark, so the
     *     segment algorithm's main advantage (no lock under heavy multi-core contention) matters
     *     little on the machines the runtime targets, while the hand-off case (a parked partner)
     *     costs the same in both: one unpark, which from a carrier lands in its runnext slot.
     *   - buffered sends/receives allocate nothing (a circular array); parking allocates nothing
     *     either in the steady state: the Waiter (Go's sudog) is the strand's cached one.
     *
     * Lock. A SpinLock (acquire CAS, release store; spins, then Thread.yield()s in case a
     * plain-thread holder was descheduled). Holders never park, yield, cooperate or unpark while
     * holding it (Go: "never wake while holding a channel lock"): a partner to wake is parked in
     * the `wake` field and woken by unlockAndWake(me) after the release store
     * (Strand.resumeBy: the waker is the current strand, so the wake-up needs no second
     * current-carrier lookup). Select locks several channels in ascending id order, and never
     * holds a lock while taking one of a lower id.
     *
     * The one exception: park-with-unlock (Go's gopark(unlockf); ParkLoop.awaitUnlocking). A
     * waiter parks while it still holds the lock, and its carrier releases the lock only after
     * the fiber has unmounted and its state is PARKED (a plain thread unlocks first, then blocks).
     * So the lock is not held across the park in the usual sense (nobody waits on a parked
     * holder: the release follows the unmount by a few instructions on the same carrier), and a
     * partner that takes the lock and finds a waiter queued knows that its fiber is fully parked:
     * it completes it and, after unlocking, wakes it with Strand.resumeBy, one CAS on the fiber's
     * state (no permit exchange, no permit reset, no StoreLoad recheck in afterYield). Every
     * waiter on a channel queue parks this way (send/receive here, select through SelectState's
     * composite lock), so every wake-up of a queued waiter, close's included, is a resumeBy.
     *
     * Operations (all under the lock). offerLocked (Go's chansend): closed -> CLOSED; a claimable
     * receiver -> hand the value over directly, mark it DONE, wake it; room in the buffer -> put;
     * else FULL. pollLocked (Go's chanrecv): a claimable sender -> take its value (unbuffered), or
     * take the buffer head and put the sender's value at the tail (full buffered channel, keeps
     * FIFO); a buffered value -> take it; closed -> CLOSED_MARK; else null. A blocking operation
     * that gets FULL/null enqueues a Waiter and parks in ParkLoop.awaitUnlocking, with the lock,
     * until its state leaves WAITING.
     * A park that diagnostic mode would refuse (a monitor held) is refused before the waiter is
     * enqueued (checkParkAllowedLocked), so a refused operation leaves nothing behind.
     *
     * Waiters. A Waiter is armed by its owner (a reused one, see Reuse), published by enqueueing
     * it under the lock, and completed by a partner under the same lock: item written, strand
     * read (into `wake`), then state release-stored
     * (WaitNode.complete; pairs with the owner's volatile read in isDone). Waiter, the queues and
     * the park loop are the runtime's primitive-building kit (WaitNode, WaitQueue, ParkLoop), shared
     * with io.spindle.sync. A plain waiter is claimed
     * just by being unlinked under the lock; its owner abandons (timeout, cancel, interrupt) by
     * unlinking it under the lock, so exactly one of the two happens. A select waiter is claimed
     * by a CAS on its SelectState (see Select's overview); dead select waiters met while
     * dequeuing are dropped.
     *
     * Reuse (no allocation per park). A blocking operation takes its Waiter from the strand's
     * one-slot cache (Strand.takeCachedNode; a new one if the slot is empty, e.g. in a nested
     * wait), re-arms it (Waiter.arm, plain writes before the enqueue publishes them under the
     * lock), and gives it back (Waiter.recycle: item, channel and select cleared first) after a
     * normal end: completed (DONE or CLOSED) or timed out (abandoned: unlinked by tryAbandon under
     * the lock). That is WaitNode's hand-back rule: by then no other thread can reach it, because
     * every completer (offerLocked/pollLocked through complete(w), closeQueue, a select's winner)
     * unlinks it and reads w.strand() before w.complete(...), its last access. An operation that
     * ends in an exception (cancellation, interrupt, a refused park) drops its Waiter instead.
     *
     * Close. Under the lock: closed = true, every claimable waiter in both queues gets state
     * CLOSED and is collected; after unlock each is woken (resumeBy). Buffered values stay for receivers.
     *
     * Finding the current strand. Each operation looks its strand up once, first, in
     * Strands.enter() (with the cooperative-budget and cancellation checks), and passes it on.

     * Cost (this machine, 2 cores, JDK 25, see docs/channels.md): an unbuffered ping-pong round
     * trip between two fibers on one carrier ~330 ns; a buffered send+receive pair ~30-60 ns.
     *
     * Fields and who touches them: id, capacity, buffer, queues - final. buffer contents, queue
     * links, wake, closeCause - guarded by the lock (closeCause is written before closed, read by
     * an operation that saw closed under the lock or through its waiter's CLOSED state). closed - written under the lock, volatile so that
     * isClosed() needs no lock.
     */

    /** pollLocked's answer for "closed and drained". */
    static final Object CLOSED_MARK = new Object();
    /** offerLocked's answers. */
    static final int OFFERED = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;

    @SuppressWarnings("unused")
    private static volatile long nextId; // source of ids, the global lock order
    private static final VarHandle NEXT_ID =
            VarHandles.staticField(MethodHandles.lookup(), Channel.class, "nextId", long.class);

    /** Unique, increasing: the order in which select locks several channels. */
    final long id;
    private final int capacity;
    private final Ring buffer; // null when unbuffered
    private final ChannelWaitQueue recvq = new ChannelWaitQueue();
    private final ChannelWaitQueue sendq = new ChannelWaitQueue();
    private volatile boolean closed;
    private final SpinLock lock = new SpinLock(); // see overview: Lock
    private Strand wake;       // guarded by lock; see overview: Lock
    private Throwable closeCause; // guarded by lock; a failed publisher's error (fromPublisher)

    private Channel(int capacity, boolean unbounded) {
        this.id = (long) NEXT_ID.getAndAdd(1L);
        this.capacity = unbounded ? Integer.MAX_VALUE : capacity;
        this.buffer = unbounded ? new Ring(0, true) : capacity > 0 ? new Ring(capacity, false) : null;
    }

    /** A rendezvous channel (Go: {@code make(chan T)}). */
    public static <T> Channel<T> unbuffered() {
        return new Channel<>(0, false);
    }

    /**
     * A channel buffering up to {@code capacity} values (Go: {@code make(chan T, n)}); 0 gives an
     * unbuffered channel.
     *
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public static <T> Channel<T> buffered(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0, got " + capacity);
        }
        return new Channel<>(capacity, false);
    }

    /** A channel whose buffer grows as needed: {@link #send} never parks. */
    public static <T> Channel<T> unbounded() {
        return new Channel<>(0, true);
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code value}, parking (a fiber) or blocking (a thread) until a receiver takes it
     * (unbuffered) or there is room in the buffer.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws ChannelClosedException if the channel is closed, also while waiting
     * @throws ChannelInterruptedException if a waiting thread is interrupted (nothing was sent)
     */
    public void send(T value) {
        send0(value, true, false, 0);
    }

    /**
     * Sends {@code value} only if that is possible without waiting: a receiver is waiting or the
     * buffer has room. Never parks.
     *
     * @return true if sent
     * @throws ChannelClosedException if the channel is closed
     */
    public boolean trySend(T value) {
        return send0(value, false, false, 0);
    }

    /**
     * Sends {@code value}, waiting at most {@code timeout}; like
     * {@link java.util.concurrent.BlockingQueue#offer(Object, long, java.util.concurrent.TimeUnit)}.
     *
     * @return true if sent, false if the timeout passed first (then nothing was sent)
     * @throws ChannelClosedException if the channel is closed, also while waiting
     * @throws ChannelInterruptedException if a waiting thread is interrupted (nothing was sent)
     */
    public boolean trySend(T value, Duration timeout) {
        long nanos = ParkLoop.toNanos(timeout);
        return send0(value, nanos > 0, true, nanos);
    }

    private boolean send0(T value, boolean block, boolean timed, long nanos) {
        Objects.requireNonNull(value, "channels do not carry null");
        Strand me = Strands.enter();
        lock();
        int r = offerLocked(value);
        if (r == OFFERED) {
            unlockAndWake(me);
            return true;
        }
        if (r == CLOSED) {
            unlock();
            throw closedOnSend();
        }
        if (!block) {
            unlock();
            return false;
        }
        Waiter w = Waiter.take(me).arm(me, null, this, true, value); // see overview: Reuse
        if (!enqueueAndPark(w, timed, nanos, "sending: nothing was sent")) {
            w.recycle(me); // timed out: abandoned, unlinked under the lock
            return false;
        }
        int state = w.state();
        w.recycle(me);     // completed: the partner is done with it (see overview: Reuse)
        if (state == Waiter.CLOSED) {
            throw new ChannelClosedException("channel closed while sending: the value was not delivered");
        }
        return true;
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Receives a value, parking (a fiber) or blocking (a thread) until one is available.
     *
     * @throws ChannelClosedException if the channel is closed and drained, also while waiting
     * @throws ChannelInterruptedException if a waiting thread is interrupted (nothing was taken)
     */
    public T receive() {
        return valueOrThrow(receive0(true, false, 0));
    }

    /**
     * Receives a value only if one is available without waiting. Never parks.
     *
     * @return the value, or null if none is ready
     * @throws ChannelClosedException if the channel is closed and drained
     */
    public T tryReceive() {
        return valueOrThrow(receive0(false, false, 0));
    }

    /**
     * Receives a value, waiting at most {@code timeout}; like
     * {@link java.util.concurrent.BlockingQueue#poll(long, java.util.concurrent.TimeUnit)}.
     *
     * @return the value, or null if the timeout passed first (then nothing was taken)
     * @throws ChannelClosedException if the channel is closed and drained, also while waiting
     * @throws ChannelInterruptedException if a waiting thread is interrupted (nothing was taken)
     */
    public T tryReceive(Duration timeout) {
        long nanos = ParkLoop.toNanos(timeout);
        return valueOrThrow(receive0(nanos > 0, true, nanos));
    }

    @SuppressWarnings("unchecked")
    private T valueOrThrow(Object v) {
        if (v == CLOSED_MARK) {
            throw closedAndDrained();
        }
        return (T) v;
    }

    private ChannelClosedException closedAndDrained() {
        Throwable cause = closeCause;
        return cause == null ? new ChannelClosedException("channel is closed and drained")
                : new ChannelClosedException("channel is closed and drained: its publisher failed (see the cause)", cause);
    }

    /** A value, null (would wait / timed out) or CLOSED_MARK. */
    private Object receive0(boolean block, boolean timed, long nanos) {
        Strand me = Strands.enter();
        lock();
        Object v = pollLocked();
        if (v != null) {
            unlockAndWake(me);
            return v;
        }
        if (!block) {
            unlock();
            return null;
        }
        Waiter w = Waiter.take(me).arm(me, null, this, false, null); // see overview: Reuse
        if (!enqueueAndPark(w, timed, nanos, "receiving: nothing was taken")) {
            w.recycle(me); // timed out: abandoned, unlinked under the lock
            return null;
        }
        Object got = w.state() == Waiter.CLOSED ? CLOSED_MARK : w.item;
        w.recycle(me);     // clears item: a cached waiter retains no value
        return got;
    }

    /**
     * Called with the lock held: enqueues {@code w} and parks with the lock (released once parked)
     * until it completes (true), or times out (false, abandoned). See overview: Waiters.
     *
     * @throws ChannelInterruptedException if a waiting thread is interrupted (abandoned)
     */
    private boolean enqueueAndPark(Waiter w, boolean timed, long nanos, String whatWasAbandoned) {
        checkParkAllowedLocked(w.strand());
        enqueueLocked(w);
        long deadline = timed ? ParkLoop.deadlineAfter(nanos) : 0;
        // parks holding the lock; the carrier releases it after the unmount (see overview: Lock)
        int outcome = ParkLoop.awaitUnlocking(w, this, lock, timed, deadline, w.strand(), true);
        if (outcome == ParkLoop.INTERRUPTED) {
            throw new ChannelInterruptedException("interrupted while " + whatWasAbandoned);
        }
        return outcome == ParkLoop.COMPLETED;
    }

    // ------------------------------------------------------------------ close and queries

    /**
     * Closes the channel: later sends throw, receivers drain what is buffered and then throw, and
     * every waiting strand is woken (senders with {@link ChannelClosedException}).
     *
     * @throws ChannelClosedException if it was already closed
     */
    public void close() {
        if (!close0(null)) {
            throw new ChannelClosedException("channel is already closed");
        }
    }

    /**
     * Closes the channel, recording {@code cause} (may be null) for receivers; false if it was
     * closed already (then nothing changes). Used by {@link #fromPublisher} for onError.
     */
    boolean close0(Throwable cause) {
        Strand me = Strand.current();
        List<Strand> toWake = new ArrayList<>();
        lock();
        if (closed) {
            unlock();
            return false;
        }
        closeCause = cause;
        closed = true;
        closeQueue(recvq, toWake);
        closeQueue(sendq, toWake);
        unlock();
        for (Strand s : toWake) {
            s.resumeBy(me); // completed under the lock they parked with (see overview: Lock)
        }
        return true;
    }

    /** The error the channel was closed with (see {@link #close0}), or null. */
    Throwable closeCause() {
        lock();
        Throwable cause = closeCause;
        unlock();
        return cause;
    }

    private static void closeQueue(ChannelWaitQueue q, List<Strand> toWake) {
        Waiter w;
        while ((w = q.pollClaimed()) != null) {
            w.item = null;
            toWake.add(w.strand()); // before complete: the owner may reuse w at once (overview: Reuse)
            w.complete(Waiter.CLOSED);
        }
    }

    /** True once {@link #close()} was called (values may still be buffered). */
    public boolean isClosed() {
        return closed;
    }

    /** 0 for unbuffered, n for {@code buffered(n)}, {@link Integer#MAX_VALUE} for unbounded. */
    public int capacity() {
        return capacity;
    }

    /** The number of buffered values right now (Go's {@code len(ch)}). */
    public int size() {
        if (buffer == null) {
            return 0;
        }
        lock();
        int n = buffer.size();
        unlock();
        return n;
    }

    /**
     * Go's {@code for v := range ch}: each {@code next()} receives; iteration ends when the channel
     * is closed and drained. {@code hasNext()} may park. If the channel was closed because its
     * publisher failed ({@link #fromPublisher}), {@code hasNext()} throws
     * {@link ChannelClosedException} with that error as the cause instead of ending quietly.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receive0(true, false, 0);
                }
                if (next == CLOSED_MARK && closeCause() != null) {
                    throw closedAndDrained();
                }
                return next != CLOSED_MARK;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel is closed and drained");
                }
                T v = (T) next;
                next = null;
                return v;
            }
        };
    }

    // ------------------------------------------------------------------ Reactive Streams bridges

    /**
     * A {@link Flow.Publisher} that receives from this channel as its subscribers request: a value
     * is taken from the channel only when a subscriber has demand for it, so a cancelled
     * subscription takes nothing more. It completes when the channel is closed and drained, and
     * signals {@code onError} with the cause when the channel was closed by a failed publisher
     * ({@link #fromPublisher}). Several subscribers compete for the values (each value goes to one
     * of them), like several receivers of one channel. Each subscription is served by a fiber
     * spawned at subscribe time ({@link io.spindle.runtime.Fiber#spawn}: on the subscribing
     * fiber's runtime, else on the global one), which makes all its signals, serially. See
     * docs/embedding.md ("Interop") for the details.
     *
     * @return a publisher of this channel's values
     */
    public Flow.Publisher<T> asPublisher() {
        return new ChannelPublisher<>(this);
    }

    /**
     * A channel filled from {@code publisher}: the subscriber requests values as the channel
     * drains (at most about {@code 2 * capacity} values are held: {@code capacity} in the channel
     * and up to {@code capacity} requested ahead). {@code onComplete} closes the channel;
     * {@code onError} closes it with the error, so that receivers, once they have drained the
     * values delivered before it, get {@link ChannelClosedException} with the publisher's error as
     * the cause. Closing the returned channel cancels the subscription (at the latest when the
     * next value arrives). The values are moved into the channel by a fiber spawned now
     * ({@link io.spindle.runtime.Fiber#spawn}: on the calling fiber's runtime, else the global
     * one). See docs/embedding.md ("Interop").
     *
     * @param <T> the element type
     * @param publisher the source of the values
     * @param capacity the channel's buffer: 0 for an unbuffered channel (one value requested at a time)
     * @return the channel the publisher's values arrive in
     * @throws IllegalArgumentException if {@code capacity < 0}
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Channel<T> fromPublisher(Flow.Publisher<? extends T> publisher, int capacity) {
        return ChannelSubscriber.subscribe(publisher, capacity);
    }

    // ------------------------------------------------------------------ select clauses

    /**
     * A select clause that receives a value and maps it with {@code onValue}. If it is chosen on a
     * closed, drained channel, the select throws {@link ChannelClosedException}.
     */
    public <R> SelectClause<R> onReceive(Function<? super T, ? extends R> onValue) {
        return new ReceiveClause<>(this, Objects.requireNonNull(onValue, "onValue"), null);
    }

    /**
     * A select clause that receives a value and maps it with {@code onValue}, or runs
     * {@code onClosed} when the channel is closed and drained (a closed channel is always ready).
     */
    public <R> SelectClause<R> onReceive(Function<? super T, ? extends R> onValue, Supplier<? extends R> onClosed) {
        return new ReceiveClause<>(this, Objects.requireNonNull(onValue, "onValue"),
                Objects.requireNonNull(onClosed, "onClosed"));
    }

    /**
     * A select clause that sends {@code value} and then runs {@code onSent}. If it is chosen on a
     * closed channel, the select throws {@link ChannelClosedException}.
     */
    public <R> SelectClause<R> onSend(T value, Supplier<? extends R> onSent) {
        return new SendClause<>(this, Objects.requireNonNull(value, "channels do not carry null"),
                Objects.requireNonNull(onSent, "onSent"));
    }

    @Override
    public String toString() {
        String kind = capacity == 0 ? "unbuffered" : capacity == Integer.MAX_VALUE ? "unbounded" : "buffered(" + capacity + ")";
        return "Channel#" + id + "[" + kind + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------ internals (see overview)

    /** Waiter records queued right now, both directions; for leak checks in tests. */
    int waiterCount() {
        lock();
        int n = recvq.size() + sendq.size();
        unlock();
        return n;
    }

    /** See overview: Operations. Under the lock. */
    int offerLocked(Object value) {
        if (closed) {
            return CLOSED;
        }
        Waiter r = recvq.pollClaimed();
        if (r != null) {
            r.item = value;
            complete(r);
            return OFFERED;
        }
        if (buffer != null && buffer.offer(value)) {
            return OFFERED;
        }
        return FULL;
    }

    /** See overview: Operations. Under the lock. */
    Object pollLocked() {
        Waiter s = sendq.pollClaimed();
        if (s != null) {
            Object v;
            if (buffer == null) {
                v = s.item;
            } else {
                v = buffer.poll();          // the buffer is full: take its head ...
                buffer.offer(s.item);       // ... and the sender's value goes to the tail (FIFO)
            }
            s.item = null;
            complete(s);
            return v;
        }
        if (buffer != null) {
            Object v = buffer.poll();
            if (v != null) {
                return v;
            }
        }
        return closed ? CLOSED_MARK : null;
    }

    /** Would a receive complete now (value, sender or closed)? Under the lock; for select. */
    boolean canReceiveLocked() {
        return closed || (buffer != null && buffer.size() > 0) || sendq.hasLive();
    }

    /** Would a send complete now (receiver, room or closed)? Under the lock; for select. */
    boolean canSendLocked() {
        return closed || recvq.hasLive() || (buffer != null && buffer.hasRoom());
    }

    /**
     * Under the lock, before a waiter is registered: if the park would be refused (diagnostic mode,
     * a monitor held; see ParkLoop's "Refused parks"), unlocks and throws, so that the refused
     * operation leaves nothing behind. A separate method, so that the frames that stay on a parked
     * fiber's stack keep no extra local.
     */
    private void checkParkAllowedLocked(Strand me) {
        SynchronizedParkException refused = ParkLoop.parkRefusal(me);
        if (refused != null) {
            unlock();
            throw refused;
        }
    }

    /** Enqueues a waiter in its queue. Under the lock. */
    void enqueueLocked(Waiter w) {
        (w.sending ? sendq : recvq).add(w);
    }

    /** Unlinks a waiter if still queued. Under the lock. */
    boolean removeLocked(Waiter w) {
        return (w.sending ? sendq : recvq).remove(w);
    }

    /** A plain waiter gives up: see overview: Waiters. */
    boolean abandon(Waiter w) {
        lock();
        boolean removed = removeLocked(w);
        unlock();
        return removed;
    }

    /** Marks a claimed waiter DONE and remembers whom to wake after unlock. Under the lock. */
    private void complete(Waiter w) {
        if (wake != null) {
            throw new AssertionError("two wake-ups in one channel operation");
        }
        wake = w.strand(); // before complete: w is not touched after it (overview: Reuse)
        w.complete(Waiter.DONE); // release: publishes w.item; pairs with WaitNode.isDone's volatile read
    }

    /** The strand a completed operation must wake, cleared; null if none. Under the lock. */
    Strand takeWake() {
        Strand s = wake;
        wake = null;
        return s;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** {@code me}: the current strand, the waker (Strand.resumeBy: no second carrier lookup). */
    private void unlockAndWake(Strand me) {
        Strand s = takeWake();
        unlock();
        if (s != null) {
            s.resumeBy(me); // one CAS; from a carrier: into its runnext slot (see overview: Lock)
        }
    }

    private static ChannelClosedException closedOnSend() {
        return new ChannelClosedException("send on closed channel");
    }
}
