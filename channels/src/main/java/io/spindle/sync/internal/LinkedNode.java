package io.spindle.sync.internal;

/**
 * A node of a {@link NodeQueue}: intrusive links, so that a waiter that gives up is unlinked in
 * O(1). The links are guarded by whatever lock guards the queue. Internal; not a supported API.
 */
public abstract class LinkedNode<N extends LinkedNode<N>> {
    N prev;
    N next;
    boolean queued;

    /** True while the node is in a queue. Read under the queue's lock. */
    public final boolean isQueued() {
        return queued;
    }
}
