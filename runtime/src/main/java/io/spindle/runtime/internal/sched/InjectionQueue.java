package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Implementation overview: the scheduler's injection queue (Go's global run queue, Tokio's inject
 * queue): many producers (threads outside the runtime, every worker's overflow) and many consumers
 * (every worker). It must never reject a task (a wake-up cannot be dropped), so it is unbounded.
 *
 * Two parts, no node per task and no sun.misc.Unsafe:
 *  - ring: a bounded array MPMC queue with a sequence number per slot (Dmitry Vyukov's bounded
 *    MPMC queue), on VarHandles. Offer and poll are one CAS each on a position counter, plus one
 *    release store of the slot's sequence; nothing is allocated.
 *  - spill: when the ring is full, a linked list of arrays of SPILL_CHUNK tasks under a lock (Go's
 *    global run queue is a locked list too), with a volatile count so that the common "spill
 *    empty" checks take no lock. Only a burst of more than RING_CAPACITY queued tasks reaches it
 *    (a plain thread spawning a million fibers in a loop does). A chunk per SPILL_CHUNK tasks (4 B
 *    per task, as JCTools' chunked queue), chunks freed as they drain; one drained chunk is kept
 *    as a spare, so a spill that stays small allocates nothing.
 * Until 0.1 this was JCTools' MpmcUnboundedXaddArrayQueue, which reaches sun.misc.Unsafe (JDK 24+
 * prints a warning for it; JEP 471/498); JCTools' VarHandle/Atomic* variants offer no unbounded MPMC
 * queue. Then, during issue 9, the whole queue was the ConcurrentLinkedQueue: a 24-byte node per
 * task and a LongAdder update per offer and poll (issue 10's "no regression on spawn": 1.8% of
 * skynet's tasks and all tasks spawned from outside the runtime come through here).
 *
 * Ring protocol (positions are longs that never wrap in practice; slot = position & mask):
 *   seq[slot] == pos          the slot is free for the producer of position pos
 *   seq[slot] == pos + 1      the slot holds the task of position pos, for its consumer
 *   seq[slot] == pos + cap    released by the consumer of pos: free for the producer of pos + cap
 *   offer: p = tail; s = seq[p]; s == p: CAS tail p -> p+1, write the task, seq = p+1 (release);
 *          s < p: full if head <= p - cap (spill), else the consumer of p - cap has taken the
 *          slot and not yet released it: wait for it; s > p: another producer took p, retry.
 *   poll:  c = head; s = seq[c]; s == c+1: CAS head c -> c+1, read and clear the task,
 *          seq = c + cap (release); s < c+1: empty if tail == c, else the producer of c has
 *          claimed the slot and not yet published it: wait for it; s > c+1: retry.
 *
 * Strictness: the two waits make the ring linearizable (a poll never says "empty" while an offer
 * that completed before it is queued; InjectionQueueLincheckTest checks it), as JCTools' MpmcArrayQueue.poll
 * does, at the price of a busy-wait (onSpinWait, Thread.yield every SPINS_BEFORE_YIELD rounds) when
 * the other side was preempted between its CAS and its release. The window is a few instructions.
 *
 * Order between ring and spill: once the spill is non-empty, producers append there too (so that
 * the spilled tasks are not overtaken forever by new ring tasks), and consumers take from the ring
 * first, then from the spill. The ring receives nothing new while the spill holds tasks, so its
 * tasks drain in bounded time, then the spill's, in FIFO order: no task starves. (A producer that
 * read "spill empty" just before another spilled may still put one task into the ring: ordering is
 * approximate, as it is across workers anyway.)
 *
 * Idle's StoreLoad argument (Idle overview) needs: a task whose offer returned is seen by a later
 * isEmpty() of any thread that is ordered after it by a full fence. The offer's publication is the
 * volatile/CAS tail update (ring) or the volatile write of spilled (under the lock, after the
 * add); isEmpty reads head, tail and spilled (volatile). A slot claimed but not yet published makes isEmpty() say "not empty"
 * (conservative: at worst a spurious wake-up); poll then waits for it (see Strictness).
 *
 * Memory ordering: tasks are written with plain stores before the slot's sequence is released
 * (setRelease), and read after the sequence is acquired (getAcquire); the position CASes are
 * volatile. Shared fields: tail (producers, CAS), head (consumers, CAS), seq and tasks (see the
 * protocol: each slot is owned by exactly one producer or consumer between the CAS and the
 * release); the spill* fields but spilled are guarded by spillLock; spilled is written under spillLock
 * and read without it (volatile).
 *
 * Cost (measured 2026-12-01, docs/benchmarks.md, "Spawn, skynet and sieve against the first
 * release"): bytes allocated per spawn, all threads, 1M fibers with a shared body on 2 carriers
 * (the fiber itself is 136 B): from a plain thread 160.0 with the ConcurrentLinkedQueue, 137.5-138.2
 * with this queue (first release, JCTools: 139.9); from a fiber (2.4-100% of spawns overflow
 * through here) 163.2-164.1, now 139.8 (first release 144.1). Atomic operations per task through
 * the queue: offer 1 CAS (was 2-3: the CLQ's link CAS, sometimes its tail CAS, the LongAdder),
 * poll 1 CAS (was 2-3).
 */
final class InjectionQueue {
    /**
     * Ring slots. 4096: more than 16 full local queues (256 each) of overflow, far above the few
     * hundred tasks a 2-16 carrier runtime keeps here; 48 KB per runtime (tasks + sequences).
     * Override: -Dspindle.injectionCapacity (rounded up to a power of two, at least 2).
     */
    static final int RING_CAPACITY = ringCapacity(Integer.getInteger("spindle.injectionCapacity", 4096));

    /** Tasks per spill chunk: the chunk size the scheduler gave JCTools' unbounded queue until 0.1 (no override). */
    private static final int SPILL_CHUNK = 1024;
    /** Busy-wait rounds before a Thread.yield in spinWait: a guess, not measured (a release is a few instructions away); no override. */
    private static final int SPINS_BEFORE_YIELD = 64;

    private static final VarHandle TASKS = MethodHandles.arrayElementVarHandle(Runnable[].class);
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(InjectionQueue.class, "head", long.class);
            TAIL = l.findVarHandle(InjectionQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] tasks;  // see the overview: owned slot by slot
    private final long[] seq;        // see the overview: the ring protocol
    private final int mask;
    @SuppressWarnings("unused") private volatile long head; // consumers: CAS; everybody reads
    @SuppressWarnings("unused") private volatile long tail; // producers: CAS; everybody reads
    private final Object spillLock = new Object();
    // a chunk: SPILL_CHUNK tasks, then (slot SPILL_CHUNK) the next chunk; all guarded by spillLock
    private Object[] spillHead;   // the oldest chunk, or null before the first spill
    private Object[] spillTail;   // the newest chunk
    private int spillHeadIndex;   // next task to take in spillHead
    private int spillTailIndex;   // next free slot in spillTail
    private Object[] spareChunk;  // a drained chunk kept for reuse, or null
    private volatile int spilled; // tasks in the spill: written under spillLock, read by anybody

    InjectionQueue() {
        this(RING_CAPACITY);
    }

    /** {@code capacity}: ring slots, a power of two (tests use tiny rings to reach the spill). */
    InjectionQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("injection ring capacity must be a power of two >= 2, got " + capacity);
        }
        tasks = new Runnable[capacity];
        seq = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            seq[i] = i;
        }
        mask = capacity - 1;
        VarHandle.releaseFence(); // the initial sequences before the queue is shared (it is also published by final fields)
    }

    private static int ringCapacity(int requested) {
        int c = Math.max(2, requested);
        return c > (1 << 30) ? 1 << 30 : Integer.highestOneBit(c - 1) << 1;
    }

    // ---- accessors named by mode ----
    private long lvHead() { return (long) HEAD.getVolatile(this); }
    private long lvTail() { return (long) TAIL.getVolatile(this); }
    private boolean casHead(long expect, long next) { return HEAD.compareAndSet(this, expect, next); }
    private boolean casTail(long expect, long next) { return TAIL.compareAndSet(this, expect, next); }
    private long laSeq(int i) { return (long) SEQ.getAcquire(seq, i); } // pairs with slSeq of the slot's previous owner
    private void slSeq(int i, long v) { SEQ.setRelease(seq, i, v); } // publishes the task store/clear before it

    /** Adds a task; never fails. */
    boolean offer(Runnable task) {
        if (spilled == 0 && offerRing(task)) {
            return true;
        }
        synchronized (spillLock) { // never held across a park: only a few array writes
            if (spillTail == null) {
                spillHead = spillTail = newChunk();
                spillHeadIndex = spillTailIndex = 0;
            } else if (spillTailIndex == SPILL_CHUNK) {
                Object[] c = newChunk();
                spillTail[SPILL_CHUNK] = c;
                spillTail = c;
                spillTailIndex = 0;
            }
            spillTail[spillTailIndex++] = task;
            spilled = spilled + 1; // volatile write after the add: see the overview (isEmpty)
        }
        return true;
    }

    /** The ring part of offer: false when the ring is full. */
    private boolean offerRing(Runnable task) {
        int spins = 0;
        while (true) {
            long p = lvTail();
            int i = (int) p & mask;
            long s = laSeq(i);
            if (s == p) {
                if (casTail(p, p + 1)) {
                    TASKS.set(tasks, i, task); // plain: published by the release below
                    slSeq(i, p + 1);
                    return true;
                }
            } else if (s < p) {
                if (lvHead() <= p - tasks.length) {
                    return false; // the consumer of p - capacity has not taken the slot yet: full
                }
                spins = spinWait(spins); // it has taken it and is about to release it (a few instructions)
            }
            // else another producer took p: reload tail
        }
    }

    /** Busy-waits for another thread's pending release (see the overview: Strictness). */
    private static int spinWait(int spins) {
        if (++spins % SPINS_BEFORE_YIELD == 0) {
            Thread.yield(); // it was preempted between its CAS and its release: let it run
        } else {
            Thread.onSpinWait();
        }
        return spins;
    }

    /** The oldest task, or null when empty. */
    Runnable poll() {
        Runnable r = pollRing();
        if (r != null) {
            return r;
        }
        if (spilled == 0) {
            return null;
        }
        synchronized (spillLock) {
            int n = spilled;
            if (n == 0) {
                return null; // another consumer took the last one
            }
            if (spillHeadIndex == SPILL_CHUNK) {
                Object[] next = (Object[]) spillHead[SPILL_CHUNK];
                spillHead[SPILL_CHUNK] = null;
                spareChunk = spillHead; // drained: every task slot is null again
                spillHead = next;
                spillHeadIndex = 0;
            }
            r = (Runnable) spillHead[spillHeadIndex];
            spillHead[spillHeadIndex++] = null;
            if (n == 1) {
                spillHeadIndex = spillTailIndex = 0; // empty: head and tail are the same chunk; start it over
            }
            spilled = n - 1;
        }
        return r;
    }

    /** Under spillLock: the spare chunk or a new one. */
    private Object[] newChunk() {
        Object[] c = spareChunk;
        if (c != null) {
            spareChunk = null;
            return c;
        }
        return new Object[SPILL_CHUNK + 1];
    }

    private Runnable pollRing() {
        int spins = 0;
        while (true) {
            long c = lvHead();
            int i = (int) c & mask;
            long s = laSeq(i);
            if (s == c + 1) {
                if (casHead(c, c + 1)) {
                    Runnable r = (Runnable) TASKS.get(tasks, i); // plain: acquired by laSeq above
                    TASKS.set(tasks, i, null);
                    slSeq(i, c + mask + 1);
                    return r;
                }
            } else if (s < c + 1) {
                if (lvTail() == c) {
                    return null; // empty
                }
                spins = spinWait(spins); // its producer has claimed c and is about to publish it
            }
            // else another consumer took c: reload head
        }
    }

    /** Exact when no offer or poll is in flight (a claimed, unpublished slot counts as a task). */
    boolean isEmpty() {
        long h = lvHead(); // head first: head <= tail always, so tail == h means empty when tail was read
        return lvTail() == h && spilled == 0;
    }

    /** An estimate of the number of queued tasks, never negative. */
    int size() {
        long h = lvHead();
        long n = lvTail() - h + spilled; // head first: tail >= that head, so the ring part is >= 0
        return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }
}
