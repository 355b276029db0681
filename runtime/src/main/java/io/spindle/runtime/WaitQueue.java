package io.spindle.runtime;

/**
 * A FIFO of {@link WaitNode}s (Go's {@code waitq}): an intrusive doubly-linked list, so that a
 * waiter that gives up is unlinked in O(1) and queuing allocates nothing beyond the node. Not
 * thread-safe: the primitive that owns it guards it, and its nodes' links, with one lock. A node
 * is in at most one queue at a time. Part of the primitive-building kit; see {@link ParkLoop}.
 *
 * @param <N> the primitive's node type
 */
public class WaitQueue<N extends WaitNode> {
    private WaitNode head;
    private WaitNode tail;
    private int size;

    /** Appends {@code n}, which must not be queued anywhere. */
    public final void add(N n) {
        if (n.queued) {
            throw new IllegalStateException("the node is already queued: remove it before adding it again");
        }
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

    /** Unlinks {@code n} if it is queued (it must then be in this queue); returns whether it was. */
    public final boolean remove(N n) {
        if (!n.queued) {
            return false;
        }
        WaitNode p = n.prev;
        WaitNode x = n.next;
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

    /** The first node, or null. */
    @SuppressWarnings("unchecked")
    public final N peek() {
        return (N) head;
    }

    /** The node after {@code n} in this queue, or null; for searching. */
    @SuppressWarnings("unchecked")
    public final N next(N n) {
        return (N) n.next;
    }

    /** Removes and returns the first node, or null. */
    public final N poll() {
        N n = peek();
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
