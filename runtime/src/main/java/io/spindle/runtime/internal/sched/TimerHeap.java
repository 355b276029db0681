package io.spindle.runtime.internal.sched;

import java.util.Arrays;

/**
 * A worker's timers: a binary min-heap on the deadline. Timers are registered by the carrier that
 * parks the fiber, in afterYield, and fired by it (see FiberCore's overview: Timed parks); the only
 * other thread that ever touches a heap is a worker that rescues the timers of a stalled or retired
 * worker ({@link #drainTo}; see Worker's overview: Orphans and rescue). So every method that reads
 * or changes the array holds this object's monitor: uncontended on the owner's side, and never
 * inside a fiber (afterYield and the scheduling loop run with no continuation mounted); the cost is
 * one uncontended lock per timed park and per timer check. {@link #size()} is a racy hint. Cancelled entries are removed
 * lazily (see {@link TimerEntry}): at the top, or all at once when {@link #add} finds the array
 * full (the array doubles only if that compaction freed nothing). The array never shrinks.
 *
 * <p>Why a heap and not a wheel: registration and expiry are O(log n), memory is one slot per
 * timer (1,000,000 sleeping fibers cost a 4 MB array with compressed references, 8 MB without).
 * Go uses a 4-ary heap per P for the same reasons; Tokio's wheel pays off with millions of short,
 * mostly cancelled timeouts.
 */
public final class TimerHeap {
    private TimerEntry[] heap = new TimerEntry[64]; // guarded by this
    private int size; // written under this; size() reads it racily

    /** A racy hint (a plain read, maybe stale); exact on the owner's thread between its own calls. */
    public int size() {
        return size;
    }

    public synchronized void add(TimerEntry e) {
        if (size == heap.length) {
            compactCancelled();
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, heap.length * 2);
            }
        }
        heap[size] = e;
        siftUp(size++);
    }

    /** Deadline of the earliest live timer, or {@code Long.MAX_VALUE}. Drops cancelled tops. */
    public synchronized long nextDeadline() {
        while (size > 0) {
            TimerEntry top = heap[0];
            if (!top.isCancelled()) {
                return top.deadline;
            }
            removeTop();
        }
        return Long.MAX_VALUE;
    }

    /** Removes and returns the earliest live entry whose deadline is {@code <= now}, or null. */
    public synchronized TimerEntry pollExpired(long now) {
        while (size > 0) {
            TimerEntry top = heap[0];
            if (top.isCancelled()) {
                removeTop();
                continue;
            }
            if (top.deadline - now > 0) {
                return null;
            }
            removeTop();
            return top;
        }
        return null;
    }

    /**
     * Moves every live entry into {@code into} (the rescuer's own heap) and returns how many. Holds
     * one heap lock at a time (copies out under this one, then adds under the other's), so two
     * rescuers can never take two heap locks in opposite orders.
     */
    public int drainTo(TimerHeap into) {
        TimerEntry[] moved;
        int n = 0;
        synchronized (this) {
            if (size == 0) {
                return 0;
            }
            moved = new TimerEntry[size];
            for (int i = 0; i < size; i++) {
                if (!heap[i].isCancelled()) {
                    moved[n++] = heap[i];
                }
                heap[i] = null;
            }
            size = 0;
        }
        for (int i = 0; i < n; i++) {
            into.add(moved[i]);
        }
        return n;
    }

    private void removeTop() {
        TimerEntry last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            heap[0] = last;
            siftDown(0);
        }
    }

    /** Drops every cancelled entry (whatever their share) and rebuilds the heap (Floyd, O(n)). */
    private void compactCancelled() {
        int live = 0;
        for (int i = 0; i < size; i++) {
            if (!heap[i].isCancelled()) {
                heap[live++] = heap[i];
            }
        }
        if (live == size) {
            return;
        }
        Arrays.fill(heap, live, size, null);
        size = live;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void siftUp(int i) {
        TimerEntry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerEntry p = heap[parent];
            if (e.deadline - p.deadline >= 0) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
    }

    private void siftDown(int i) {
        TimerEntry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) {
                child = right;
            }
            if (heap[child].deadline - e.deadline >= 0) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = e;
    }
}
