package io.spindle.runtime.internal.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's recent warnings (runaway fibers, deadlock reports, a close that gave up, and
 * whatever else the diagnostics report), kept in a small ring so that the web console can show
 * them after the fact. Every warning also still goes to its usual sink (stderr by default).
 *
 * <p>Thread safety: {@link #add} and {@link #recent} hold this object's monitor (warnings are rare:
 * a lock is cheaper to reason about than a lock-free ring, and nobody adds on a hot path).
 */
public final class DiagnosticsRing {
    /** Warnings kept; the oldest is dropped beyond that. 64 fills the console's panel several times over. */
    public static final int CAPACITY = 64;

    /** One warning: when (epoch milliseconds), what kind ("runaway", "deadlock", ...), the text. */
    public record Entry(long epochMillis, String kind, String text) {
    }

    private final Entry[] ring = new Entry[CAPACITY]; // guarded by this
    private long added;                               // guarded by this

    /** Records a warning. */
    public synchronized void add(String kind, String text) {
        ring[(int) (added++ % CAPACITY)] = new Entry(System.currentTimeMillis(), kind, text);
    }

    /** The kept warnings, oldest first. */
    public synchronized List<Entry> recent() {
        List<Entry> out = new ArrayList<>(CAPACITY);
        for (long n = Math.max(0, added - CAPACITY); n < added; n++) {
            out.add(ring[(int) (n % CAPACITY)]);
        }
        return out;
    }

    /** Warnings recorded since the runtime started, including dropped ones. */
    public synchronized long total() {
        return added;
    }
}
