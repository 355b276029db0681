package io.spindle.net;

import io.spindle.runtime.internal.driver.IoDrivers;
import io.spindle.runtime.observe.NetStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.LongAdder;
import io.spindle.runtime.internal.sched.NetPoll;
import io.spindle.runtime.internal.sched.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A runtime's I/O driver: one thread blocked in a {@link Selector} (epoll on Linux) that wakes the
 * fibers and threads waiting for their sockets; or, in the carrier-polling prototype, the same
 * selector polled by the runtime's carriers (see the overview).
 */
final class Poller implements AutoCloseable, NetPoll, IoDrivers.Driver {
    /*
     * Implementation overview
     *
     * Where the idea comes from: Loom's sun.nio.ch.Poller (a dedicated thread per poller, a virtual
     * thread parks and the poller unparks it), Go's pollDesc (two waiter slots per fd) and Tokio's ScheduledIo (readiness wakes the task through the
     * scheduler's normal wake path).
     *
     * A wait (PollHandle.awaitReady), on the waiting strand:
     *   1. CAS its Strand into the handle's read or write slot (the slot is the registration);
     *   2. unless its op is still armed (Lazy disarm, below): request(handle), which puts the
     *      handle on the request queue and wakes the selector unless a wake-up is already pending
     *      (Batching, below);
     *   3. park (Strand.park / parkNanos: a fiber yields its continuation, a timed park uses the
     *      scheduler's timers; a plain thread blocks in LockSupport);
     *   4. after park returns (readiness, timeout, close, cancellation, spurious), CAS the slot
     *      back to null if nobody took it; the caller retries its non-blocking call.
     * Permit semantics make the order safe: if the poller unparks between 2 and 3, park returns at once.
     *
     * The poller thread loops:
     *   drain requests: for each handle, interest = the ops of its occupied slots plus those still
     *     armed; register the channel or set the key's interest (closed handles: cancel the key);
     *   select() with no timeout (an idle runtime costs no CPU: the thread sleeps in epoll_wait);
     *   wakeupPending = false;
     *   for each ready key: take the matching slots (getAndSet null) and unpark them, which goes
     *     through the scheduler's normal wake path (a fiber: the injection queue + wake a parked
     *     worker; a thread: LockSupport.unpark); ops ready with nobody waiting are disarmed
     *     (Lazy disarm, below).
     *
     * Batching the selector wake-ups (Selector.wakeup() is a write to an eventfd plus a lock, about
     * 1-2 us, and it costs the poller one extra loop): a requester wakes the selector only when its
     * getAndSet(wakeupPending, true) returns false. The poller clears the flag after select returns
     * and before it drains the queue. A requester that saw true did its getAndSet before the clear,
     * and its offer before that, so the next drain sees its request; one that saw false calls
     * wakeup() itself. So every request is drained by a select pass that starts after it, and many
     * registrations share one wake-up while the poller is busy.
     *
     * Lazy disarm (what a one-shot registration costs, and how to avoid it): with one-shot interest,
     * every wait costs two epoll_ctl calls (arm, then disarm after readiness) and, because the waiter
     * cannot call epoll_ctl itself through a Selector, a request and often a Selector.wakeup(). So
     * after readiness the poller keeps the op armed when it woke a waiter for it: a connection that
     * comes back to wait for the same op (a read loop) finds it still armed (PollHandle.armed) and
     * parks without any request. The poller disarms an op only when the selector reports it ready
     * with nobody waiting (else the level-triggered selector would report it on every pass), and
     * then re-reads the slot: a waiter that CASed itself in and read the old `armed` (so sent no
     * request) is woken there (the op is ready, so it makes progress or waits again and sees the op
     * disarmed). Dekker: the waiter writes its slot then reads armed; the poller writes armed then
     * reads the slot; with volatile accesses one of them sees the other. update() never narrows.
     * Measured (stats: requests vs registrations): under the echo benchmark 99% of waits still
     * needed a request, because the poller's next pass sees the woken fiber's socket still readable
     * (level-triggered) before the fiber read it, and disarms it. Edge-triggered polling would fix
     * that, but Selector cannot do it (docs/net.md: next steps).
     *
     * Counters (stats): polls (select returns), readyEvents (waiters woken by readiness) - written
     * by the poller thread only (in carrier mode by the carrier that owns the selector, the owner
     * CAS ordering them); opaque stores, read with opaque loads by stats(); registrations (waits,
     * with or without a request) - a LongAdder, written by every waiting strand.
     *
     * Carrier polling (the prototype measured against the dedicated thread; docs/net.md has the
     * numbers; -Dspindle.net.poller=carrier): no poller thread. The scheduler's workers poll, as Go's
     * findRunnable does: a worker that found no work in its queues polls without blocking before it
     * steals; a worker about to park blocks in select instead (one at a time: `owner`; the others
     * park), and Idle's notify wakes it with Selector.wakeup() instead of LockSupport.unpark (Worker:
     * inNetPoll); a busy worker polls without blocking every 61 ticks, with its injection-queue
     * check. Readiness found by a carrier wakes the fibers from that carrier: they go to its runnext
     * and local queue, not to the injection queue, and no other thread has to be woken.
     *
     * Shutdown (Runtime.close, after the runtime cancelled its fibers): closed = true, wake the
     * selector; the thread wakes every waiter left (it sees the stopped poller and fails with an
     * IOException), closes the selector (which deregisters every channel) and exits; close() joins it.
     */
    private static final VarHandle WAKEUP_PENDING;
    private static final VarHandle POLLS;
    private static final VarHandle READY_EVENTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAKEUP_PENDING = l.findVarHandle(Poller.class, "wakeupPending", boolean.class);
            POLLS = l.findVarHandle(Poller.class, "polls", long.class);
            READY_EVENTS = l.findVarHandle(Poller.class, "readyEvents", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selector selector;
    private final Thread thread;                // null in carrier-polling mode
    private final Scheduler polledBy;           // carrier-polling mode: the scheduler whose carriers poll; else null
    private final AtomicBoolean owner = new AtomicBoolean(); // carrier-polling mode: who may use the selector now
    private volatile boolean blocked;           // carrier-polling mode: a carrier blocks in select right now
    private int wokenInPass;                    // written by the selector's current owner only
    // many waiters offer, the selector's owner polls. The JDK's lock-free queue, as for the scheduler's
    // injection queue (no sun.misc.Unsafe: see InjectionQueue); offer/poll are volatile CASes.
    private final ConcurrentLinkedQueue<PollHandle> requests = new ConcurrentLinkedQueue<>();
    private final LongAdder registrations = new LongAdder();
    private final LongAdder waitRequests = new LongAdder(); // the registrations that needed a request
    private volatile boolean wakeupPending;   // see overview: Batching
    private volatile boolean closed;          // written once by close(); read by the poller and waiters
    private long polls;                       // poller thread writes (opaque); stats read (opaque)
    private long readyEvents;                 // poller thread writes (opaque); stats read (opaque)

    /** Opens the selector and starts the poller thread, named {@code name}. */
    public Poller(String name) {
        this(name, null);
    }

    /**
     * {@code carriers == null}: a dedicated poller thread named {@code name}. Otherwise the
     * carrier-polling prototype (see overview: Carrier polling): no thread; {@code carriers}' workers
     * poll this selector when they run out of work, and now and then while busy.
     */
    public Poller(String name, Scheduler carriers) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the network poller's selector", e);
        }
        polledBy = carriers;
        if (carriers == null) {
            thread = new PollerThread(this::loop, name);
            thread.start();
        } else {
            thread = null;
            carriers.netPoll(this);
        }
    }

    // ------------------------------------------------------------ carrier-polling mode (NetPoll)

    @Override
    public int pollNow() {
        if (closed || !owner.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return pass(-1);
        } finally {
            owner.set(false);
        }
    }

    @Override
    public boolean pollBlocking(long nanos) {
        if (closed || !owner.compareAndSet(false, true)) {
            return false;
        }
        try {
            pass(nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
            return true;
        } finally {
            owner.set(false);
        }
    }

    @Override
    public boolean someoneBlocked() {
        return blocked;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    /** One pass by the selector's owner: drain requests, select (-1: now; 0: no limit; else millis), wake. */
    private int pass(long millis) {
        wokenInPass = 0;
        try {
            PollHandle h;
            while ((h = requests.poll()) != null) {
                h.update(selector);
            }
            if (millis < 0) {
                selector.selectNow(this::ready);
            } else {
                blocked = true;
                try {
                    selector.select(this::ready, millis);
                } finally {
                    blocked = false;
                }
            }
            POLLS.setOpaque(this, polls + 1);
            WAKEUP_PENDING.setVolatile(this, false); // see overview: Batching
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closing: waiters are woken by close()
        }
        return wokenInPass;
    }

    /** A handle for {@code channel}, which must be in non-blocking mode. Registers nothing yet. */
    public PollHandle handle(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be in non-blocking mode");
        }
        return new PollHandle(this, channel);
    }

    public boolean isClosed() {
        return closed;
    }

    /** The poller thread (tests count threads). */
    public Thread thread() {
        return thread;
    }

    /** Number of select calls that returned. */
    public long polls() {
        return (long) POLLS.getOpaque(this);
    }

    /** Number of waiters woken by readiness. */
    public long readyEvents() {
        return (long) READY_EVENTS.getOpaque(this);
    }

    /** Number of waits that had to request arming (the socket was not still armed). */
    public long requests() {
        return waitRequests.sum();
    }

    /** Number of waits registered (one per park on a socket). */
    public long registrations() {
        return registrations.sum();
    }

    /** A wait on an op the key still watches: counted, nothing to request (see overview: Lazy disarm). */
    void countArmedWait() {
        registrations.increment();
    }

    /** See overview: a wait, step 2, and Batching. */
    void request(PollHandle h, boolean isWait) {
        if (isWait) {
            registrations.increment();
            waitRequests.increment();
        }
        requests.offer(h);
        if (!(boolean) WAKEUP_PENDING.getAndSet(this, true)) { // pairs with the poller's clear after select
            selector.wakeup();
        }
    }

    private void loop() {
        try {
            while (true) {
                PollHandle h;
                while ((h = requests.poll()) != null) {
                    h.update(selector);
                }
                if (closed) {
                    break;
                }
                selector.select(this::ready);
                POLLS.setOpaque(this, polls + 1);
                WAKEUP_PENDING.setVolatile(this, false); // before the next drain; see overview: Batching
            }
        } catch (IOException | RuntimeException | Error e) {
            if (!closed) {
                System.err.print("Spindle network poller " + thread.getName() + " failed; sockets served by it"
                        + " will fail with IOException: ");
                e.printStackTrace(System.err);
                closed = true;
            }
        } finally {
            wakeAllAndCloseSelector();
        }
    }

    /**
     * Shutdown, by the selector's last owner: wakes every registered and requested waiter (they see
     * the closed socket or poller), then closes the selector.
     */
    private void wakeAllAndCloseSelector() {
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof PollHandle ph) {
                ph.wakeAll();
            }
        }
        PollHandle h;
        while ((h = requests.poll()) != null) {
            h.wakeAll();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    private void ready(SelectionKey k) {
        PollHandle h = (PollHandle) k.attachment();
        int woken;
        try {
            woken = h.fire(k.readyOps());
        } catch (java.nio.channels.CancelledKeyException e) {
            woken = h.wakeAll(); // closed while we looked: its waiters see the closed socket
        }
        READY_EVENTS.setOpaque(this, readyEvents + woken);
        wokenInPass += woken;
    }

    /** Stops the poller thread and waits for it. Waiters left wake and fail with an IOException. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (polledBy != null) {
            polledBy.netPoll(null);
            while (!owner.compareAndSet(false, true)) { // wait for a carrier's pass to end
                selector.wakeup();
                Thread.onSpinWait();
            }
            wakeAllAndCloseSelector();
            return;
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public NetStats netStats() {
        return new NetStats(polls(), readyEvents(), registrations(), requests());
    }

    @Override
    public String toString() {
        return "Poller[" + (thread != null ? thread.getName() : "carrier-polled") + (closed ? ", closed" : "") + "]";
    }
}
