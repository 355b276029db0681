package io.spindle.runtime.observe;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dump of a runtime's live fibers, like Go's goroutine dump (SIGQUIT) or
 * {@code jcmd Thread.dump_to_file} for virtual threads: each fiber with its id, name, state, what it
 * is parked on, and the stack of every unmounted fiber. Taken without stopping anything, so each
 * fiber's entry is a moment of its own. See {@code Runtime.fiberDump()}.
 *
 * @param runtime the runtime's name
 * @param taken   when the dump was taken
 * @param fibers  the live fibers, by id
 */
public record FiberDump(String runtime, Instant taken, List<FiberSnapshot> fibers) {

    /** Prints {@link #toString()}. */
    public void print(PrintStream out) {
        out.print(this);
        out.flush();
    }

    /**
     * The readable dump: a header line, then one paragraph per fiber, e.g.
     * <pre>
     * fiber 12 "consumer" PARKED on Channel[unbuffered] @1b6d3586:
     *     at io.spindle.runtime.Strand.park(Strand.java:71)
     *     ...
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        Map<String, Integer> byState = new TreeMap<>();
        for (FiberSnapshot f : fibers) {
            byState.merge(f.state(), 1, Integer::sum);
        }
        b.append("Spindle fiber dump of runtime '").append(runtime).append("' at ").append(taken)
                .append(": ").append(fibers.size()).append(" live fiber(s) ").append(byState).append('\n');
        for (FiberSnapshot f : fibers) {
            b.append('\n').append("fiber ").append(f.id()).append(" \"").append(f.name()).append("\" ").append(f.state());
            if (f.blocker() != null) {
                b.append(" on ").append(f.blocker());
            }
            if (f.carrier() != null) {
                b.append(" on carrier ").append(f.carrier());
            }
            b.append(f.stack().isEmpty() ? "\n" : ":\n");
            for (StackTraceElement e : f.stack()) {
                b.append("    at ").append(e).append('\n');
            }
        }
        return b.toString();
    }
}
