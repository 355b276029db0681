package io.spindle.channels;

/**
 * A FIFO of {@link Waiter}s (Go's waitq): an intrusive doubly-linked list, so that an abandoned
 * waiter is removed in O(1). Guarded by the owning channel's lock; not thread-safe by itself.
 */
final class WaitQueue {
    private Waiter head;
    private Waiter tail;
    private int size;

    void add(Waiter w) {
        w.queued = true;
        w.next = null;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Unlinks {@code w} if it is queued here; returns whether it was. */
    boolean remove(Waiter w) {
        if (!w.queued) {
            return false;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
        size--;
        return true;
    }

    /**
     * Removes and returns the first waiter that can be claimed ({@link Waiter#tryClaim}); select
     * waiters whose select was already won elsewhere or abandoned are dropped on the way (Go's
     * dequeue does the same). Null if none.
     */
    Waiter pollClaimed() {
        Waiter w;
        while ((w = head) != null) {
            remove(w);
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /**
     * True if a live waiter is queued; drops dead select waiters from the head on the way (they
     * can never be claimed). Used by select to test readiness without completing.
     */
    boolean hasLive() {
        Waiter w;
        while ((w = head) != null) {
            if (w.select == null || w.select.isLive()) {
                return true;
            }
            remove(w);
        }
        return false;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
