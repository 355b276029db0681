package io.spindle.runtime.internal.console;

import io.spindle.runtime.internal.diag.DiagnosticsRing;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.trace.TraceWindow;
import io.spindle.runtime.observe.RuntimeStats;

/**
 * What the console reads from the runtime it watches. Implemented by the API's glue (the runtime
 * facade owns the stats, the blocking pool and the tracer; this package may not import the API).
 */
public interface ConsoleSource {
    /** The runtime's name. */
    String name();

    /** Its scheduler: workers, carriers, injection queue. */
    Scheduler scheduler();

    /** Its live fibers. */
    FiberRegistry fibers();

    /** A stats snapshot without the parked-fiber scan (the console counts states itself). */
    RuntimeStats stats();

    /** Blocking-pool threads running a call now, and alive in all. */
    int blockingActive();

    int blockingThreads();

    /** The runtime's recent warnings. */
    DiagnosticsRing warnings();

    /**
     * Turns the console's own trace on (a stream client is connected) or off (the last one left).
     * A trace the user started with {@code startTrace} takes precedence; the console then reads that.
     */
    void consoleTracing(boolean on);

    /** The events recorded so far by whichever trace runs now, or null when none runs. */
    TraceWindow peekTrace();
}
