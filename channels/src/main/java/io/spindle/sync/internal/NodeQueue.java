package io.spindle.sync.internal;

/**
 * A FIFO of {@link LinkedNode}s (Go's waitq): an intrusive doubly-linked list. Not thread-safe: the
 * owner guards it with a lock. Internal; not a supported API.
 */
public class NodeQueue<N extends LinkedNode<N>> {
    private N head;
    private N tail;
    private int size;

    public final void add(N n) {
        n.queued = true;
        n.next = null;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
    }

    /** Unlinks {@code n} if it is queued (here); returns whether it was. */
    public final boolean remove(N n) {
        if (!n.queued) {
            return false;
        }
        N p = n.prev;
        N x = n.next;
        if (p == null) {
            head = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            tail = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.queued = false;
        size--;
        return true;
    }

    public final N peek() {
        return head;
    }

    /** The node after {@code n} in the queue, or null; for searching. */
    public final N next(N n) {
        return n.next;
    }

    public final N poll() {
        N n = head;
        if (n != null) {
            remove(n);
        }
        return n;
    }

    public final boolean isEmpty() {
        return head == null;
    }

    public final int size() {
        return size;
    }
}
