package io.spindle.runtime.internal.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One carrier's trace events: a ring of the last {@code capacity} events in parallel arrays (no
 * object per event). See Tracer's overview: Buffers.
 *
 * <p>Fields: the arrays are written only by the owner (plain stores), then published by the release
 * store of {@code count}; the exporter reads {@code count} with acquire, copies, and validates with a
 * second read (a seqlock, see {@link #snapshot}). The outside buffer (events from plain threads) is
 * written under its own monitor, which makes its writers one owner at a time.
 */
final class TraceBuffer {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(TraceBuffer.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int tid;
    private final int mask;
    private final long[] time;
    private final long[] a;
    private final long[] b;
    private final int[] kind;
    private final Object[] ref;
    @SuppressWarnings("unused") private volatile long count; // events ever recorded; see class comment

    TraceBuffer(int tid, int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("trace buffer capacity must be a power of two >= 2, got " + capacity);
        }
        this.tid = tid;
        this.mask = capacity - 1;
        this.time = new long[capacity];
        this.a = new long[capacity];
        this.b = new long[capacity];
        this.kind = new int[capacity];
        this.ref = new Object[capacity];
    }

    private long lpCount() { return (long) COUNT.get(this); }        // owner only: nobody else writes count
    private long laCount() { return (long) COUNT.getAcquire(this); } // pairs with soCount
    private void soCount(long v) { COUNT.setRelease(this, v); }       // publishes the slot written before it

    /** Owner only: appends one event, overwriting the oldest when full. Allocates nothing. */
    void record(int k, long x, long y, Object r) {
        long n = lpCount();
        int i = (int) n & mask;
        time[i] = System.nanoTime();
        kind[i] = k;
        a[i] = x;
        b[i] = y;
        ref[i] = r;
        soCount(n + 1);
    }

    /** For the outside buffer: several plain threads take turns as the owner. */
    synchronized void recordShared(int k, long x, long y, Object r) {
        record(k, x, y, r);
    }

    /**
     * The events still in the ring, oldest first. Safe while the owner keeps writing: events that the
     * owner may have overwritten during the copy are dropped (seqlock validation: copy, then reread
     * count; an event older than {@code count2 + 1 - capacity} may be torn, the +1 for a write in
     * flight whose count is not yet published).
     */
    synchronized List<TraceRecord> snapshot() {
        long end = laCount();
        int capacity = mask + 1;
        long begin = Math.max(0, end - capacity);
        List<TraceRecord> out = new ArrayList<>((int) (end - begin));
        for (long n = begin; n < end; n++) {
            int i = (int) n & mask;
            out.add(new TraceRecord(tid, n, kind[i], time[i], a[i], b[i], ref[i]));
        }
        VarHandle.loadLoadFence(); // the copies above before the reread of count (seqlock)
        long firstValid = laCount() + 1 - capacity;
        out.removeIf(r -> r.seq() < firstValid);
        return out;
    }

    /** Total events recorded, including overwritten ones. */
    long recorded() {
        return laCount();
    }
}
