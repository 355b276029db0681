package io.spindle.runtime.internal.context;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The identity of one entry in every {@link LocalMap}: a {@code FiberLocal}'s key, or a carrier
 * context registration ({@link ContextSlot}). Keys are compared by identity; the hash is fixed at
 * creation.
 */
public class LocalKey {
    /**
     * ThreadLocal's hash increment (the golden-ratio multiple): consecutive keys land far apart in a
     * power-of-two table, so linear probing rarely meets a collision.
     */
    private static final int HASH_INCREMENT = 0x61c88647;
    private static final AtomicInteger NEXT_HASH = new AtomicInteger();

    final int hash = NEXT_HASH.getAndAdd(HASH_INCREMENT);
    final boolean inheritable;

    public LocalKey(boolean inheritable) {
        this.inheritable = inheritable;
    }

    public final boolean isInheritable() {
        return inheritable;
    }

    /** An inheritable key's value in a child fiber, given the parent's value. Default: the same reference. */
    public Object childValue(Object parentValue) {
        return parentValue;
    }
}
