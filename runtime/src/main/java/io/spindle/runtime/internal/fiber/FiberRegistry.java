package io.spindle.runtime.internal.fiber;

import java.util.ArrayList;
import java.util.List;

/**
 * The live fibers of a runtime (Go's allgs): for stats, fiber dumps, deadlock detection and
 * cancellation at close.
 *
 * <p>Intrusive doubly-linked lists through {@code FiberCore.regPrev/regNext}, striped by fiber id over
 * {@link #STRIPES} monitors. A fiber costs two reference fields (8 bytes) instead of a
 * ConcurrentHashMap node and table slot (about 40 bytes), and add/remove is one uncontended monitor
 * enter on a stripe. The monitors are held only for a few plain writes and never across a park,
 * so using them from inside fibers is safe. Fields of a stripe are guarded by its monitor; counts
 * are read without it by {@link #size()} (an int read is atomic; the sum is approximate while
 * fibers come and go).
 */
public final class FiberRegistry {
    /** Power of two; 64 stripes keep two to sixteen carriers from meeting on one monitor. */
    static final int STRIPES = 64;

    private final Stripe[] stripes = new Stripe[STRIPES];

    public FiberRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static final class Stripe {
        FiberCore head;   // guarded by this
        int count;       // written under this; read racily by size()
    }

    private Stripe stripeOf(FiberCore f) {
        return stripes[(int) f.id() & (STRIPES - 1)];
    }

    public void add(FiberCore f) {
        Stripe s = stripeOf(f);
        synchronized (s) {
            FiberCore h = s.head;
            f.regNext = h;
            if (h != null) {
                h.regPrev = f;
            }
            s.head = f;
            s.count++;
        }
    }

    public void remove(FiberCore f) {
        Stripe s = stripeOf(f);
        synchronized (s) {
            FiberCore prev = f.regPrev;
            FiberCore next = f.regNext;
            if (prev != null) {
                prev.regNext = next;
            } else if (s.head == f) {
                s.head = next;
            } else {
                return; // not registered (already removed)
            }
            if (next != null) {
                next.regPrev = prev;
            }
            f.regPrev = null;
            f.regNext = null;
            s.count--;
        }
    }

    public int size() {
        int n = 0;
        for (Stripe s : stripes) {
            n += s.count;
        }
        return n;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** A copy of the live fibers. */
    public List<FiberCore> snapshot() {
        List<FiberCore> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (FiberCore f = s.head; f != null; f = f.regNext) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
