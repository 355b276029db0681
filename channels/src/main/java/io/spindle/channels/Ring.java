package io.spindle.channels;

/**
 * A channel's buffer: a circular array, fixed for a buffered channel, doubling for an unbounded
 * one. Guarded by the channel lock. Allocation-free except when an unbounded ring grows.
 */
final class Ring {
    private static final int UNBOUNDED_INITIAL = 16; // small; grows by doubling like ArrayDeque

    private Object[] items;
    private final boolean growable;
    private int head;
    private int size;

    Ring(int capacity, boolean growable) {
        this.items = new Object[growable ? UNBOUNDED_INITIAL : capacity];
        this.growable = growable;
    }

    /** Appends {@code v}; false if the ring is bounded and full. */
    boolean offer(Object v) {
        Object[] a = items;
        if (size == a.length) {
            if (!growable) {
                return false;
            }
            a = grow();
        }
        int i = head + size;
        if (i >= a.length) {
            i -= a.length;
        }
        a[i] = v;
        size++;
        return true;
    }

    /** Removes the oldest value; null if empty. */
    Object poll() {
        if (size == 0) {
            return null;
        }
        Object[] a = items;
        Object v = a[head];
        a[head] = null;
        head = head + 1 == a.length ? 0 : head + 1;
        size--;
        return v;
    }

    boolean hasRoom() {
        return growable || size < items.length;
    }

    int size() {
        return size;
    }

    private Object[] grow() {
        Object[] old = items;
        Object[] a = new Object[old.length * 2];
        int firstPart = old.length - head;
        System.arraycopy(old, head, a, 0, firstPart);
        System.arraycopy(old, 0, a, firstPart, head);
        items = a;
        head = 0;
        return a;
    }
}
