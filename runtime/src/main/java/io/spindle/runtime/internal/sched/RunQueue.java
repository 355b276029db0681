package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/*
 * Implementation overview
 *
 * A worker's bounded local run queue: a ring buffer in the style of Go's runq (proc.go) and Tokio's
 * multi_thread/queue.rs. One owner thread pushes at the tail; the owner and any number of thieves
 * take from the head.
 *
 * Fields:
 *   head  - index of the next task to take. Written by the owner (poll) and by thieves (steal),
 *           always by CAS; read by everybody (acquire).
 *   tail  - index of the next free slot. Written only by the owner, with release (so that the slot
 *           written before it is visible); read by thieves with acquire and by the owner plainly.
 *   slots - written only by the owner, only in [tail, head + capacity), i.e. never in a slot that a
 *           thief may still be reading (see "Why stealing is safe").
 *
 * Steal-half: a thief reads head and tail, copies n = ceil(size / 2) tasks into its own queue's
 * free slots, then CASes the victim's head from h to h + n. If the CAS fails (the owner or another
 * thief took something), it retries. Only after the CAS does it publish its own tail (release).
 *
 * Why stealing is safe: the owner only overwrites slot (t & mask) when t - head < capacity, with the
 * head it read. A thief copying [h, h + n) has not moved head yet, so the owner sees the queue as
 * holding those tasks and will not overwrite them; if anybody moves head first, the thief's CAS fails
 * and its copy is thrown away.
 *
 * Overflow (push to a full queue): the owner moves half of its tasks plus the new one to the
 * injection queue, like Go's runqputslow, so that a burst of spawns spreads over all workers.
 *
 * Indices are ints that wrap; all arithmetic is modulo 2^32 (t - h is the size).
 * Capacity: 256, Go's and Tokio's choice; tests pass a power of two as small as 4 through the
 * package-private constructor to reach the edge cases.
 */
public final class RunQueue {
    /** Go's and Tokio's local queue size. Override: -Dspindle.localQueueCapacity (power of two). */
    public static final int DEFAULT_CAPACITY = Integer.getInteger("spindle.localQueueCapacity", 256);

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] slots;
    private final int mask;
    private Runnable[] overflowBatch; // owner only: pushOverflow's copy, allocated at the first overflow and reused
    @SuppressWarnings("unused") private volatile int head; // see overview: Fields
    @SuppressWarnings("unused") private volatile int tail; // see overview: Fields

    public RunQueue() {
        this(DEFAULT_CAPACITY);
    }

    /** Package-private in spirit: tests use tiny capacities (a power of two, at least 2). */
    public RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2, got " + capacity);
        }
        slots = new Runnable[capacity];
        mask = capacity - 1;
    }

    public int capacity() {
        return slots.length;
    }

    // ---- accessors named by memory mode (lv/sv volatile, lp/sp plain, la acquire, so release) ----
    private int laHead() { return (int) HEAD.getAcquire(this); }
    private int laTail() { return (int) TAIL.getAcquire(this); }
    private int lpTail() { return (int) TAIL.get(this); } // owner only: nobody else writes tail
    private void soTail(int v) { TAIL.setRelease(this, v); } // pairs with laTail in steal/size
    private boolean casHead(int expect, int v) { return HEAD.compareAndSet(this, expect, v); }
    private Runnable lpSlot(int i) { return (Runnable) SLOT.get(slots, i & mask); }
    private void spSlot(int i, Runnable r) { SLOT.set(slots, i & mask, r); } // published by soTail

    /**
     * Owner only. Pushes at the tail; when full, moves half of the queue plus {@code task} to
     * {@code overflow} and returns the number moved (0 when the task fit).
     */
    public int push(Runnable task, Consumer<Runnable> overflow) {
        while (true) {
            int h = laHead();
            int t = lpTail();
            if (t - h < slots.length) {
                spSlot(t, task);
                soTail(t + 1);
                return 0;
            }
            int moved = pushOverflow(task, h, overflow);
            if (moved > 0) {
                return moved;
            }
            // a thief moved head meanwhile: there is room now, retry
        }
    }

    /** Owner only: the queue was full at head {@code h}; take half of it and hand it over. */
    private int pushOverflow(Runnable task, int h, Consumer<Runnable> overflow) {
        int n = slots.length / 2;
        Runnable[] batch = overflowBatch;
        if (batch == null) {
            batch = overflowBatch = new Runnable[n]; // once: an allocation per overflow cost ~4 B per overflowed task
        }
        for (int i = 0; i < n; i++) {
            batch[i] = lpSlot(h + i);
        }
        if (!casHead(h, h + n)) {
            java.util.Arrays.fill(batch, 0, n, null);
            return 0;
        }
        for (int i = 0; i < n; i++) {
            Runnable r = batch[i];
            batch[i] = null; // the copy must not keep finished tasks reachable
            overflow.accept(r);
        }
        overflow.accept(task);
        return n + 1;
    }

    /** Owner only: pushes a task only if there is room; never overflows. */
    public boolean offer(Runnable task) {
        int h = laHead();
        int t = lpTail();
        if (t - h >= slots.length) {
            return false;
        }
        spSlot(t, task);
        soTail(t + 1);
        return true;
    }

    /** Owner only (thieves use {@link #stealInto}). Takes from the head, FIFO. */
    public Runnable poll() {
        while (true) {
            int h = laHead();
            int t = lpTail();
            if (h == t) {
                return null;
            }
            Runnable r = lpSlot(h);
            if (casHead(h, h + 1)) {
                return r;
            }
        }
    }

    /**
     * Thief: moves half of this queue (rounded up) into {@code dst}, which must be owned by the
     * calling thread and empty enough to take them. Returns the number of tasks moved.
     * See overview: Steal-half.
     */
    public int stealInto(RunQueue dst) {
        int dstTail = dst.lpTail();
        int room = dst.slots.length - (dstTail - dst.laHead());
        while (true) {
            int h = laHead();
            int t = laTail(); // pairs with soTail in push: the slots below t are visible
            int size = t - h;
            if (size <= 0) {
                return 0;
            }
            if (size > slots.length) {
                continue; // read head and tail at different moments; reread
            }
            int n = Math.min(size - size / 2, room);
            if (n <= 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                dst.spSlot(dstTail + i, lpSlot(h + i));
            }
            if (casHead(h, h + n)) {
                dst.soTail(dstTail + n); // publishes the copied slots to dst's own thieves
                return n;
            }
        }
    }

    /** Approximate size; exact when called by the owner with no thief active. */
    public int size() {
        int h = laHead();
        int t = laTail();
        int s = t - h;
        return Math.max(0, Math.min(s, slots.length));
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
