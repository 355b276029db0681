package io.spindle.runtime.internal.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/*
 * Implementation overview: the execution tracer (Go's runtime/trace, without Go's tooling).
 *
 * What is recorded: for each carrier, the slices of fiber execution (SLICE_START / SLICE_END with
 * the reason the slice ended: park, timed park, yield, done), and the scheduler events in between:
 * SPAWN (parent -> child), WAKE (waker -> woken, with the cause), STEAL (thief <- victim, how many)
 * and PINNED, and the carrier's own parks for lack of work (CARRIER_PARK / CARRIER_UNPARK).
 * ChromeTraceWriter turns them into Chrome trace-event JSON: one track per carrier, one "X" slice
 * per time slice and per carrier park, flow arrows for wakes and spawns. A gap on a carrier's track
 * that is neither a fiber nor "parked" is the scheduler looking for work (or the OS running
 * something else on that core).
 *
 * Buffers: one TraceBuffer per worker, written only by that worker's carrier (plain stores published
 * by a release store of its count: no lock, no CAS, no allocation per event), plus one "outside"
 * buffer for events caused by plain threads (spawns and wakes from outside the runtime), written
 * under its monitor - those callers already pay for a trip through the injection queue. Each buffer
 * is a ring that keeps the last N events (a bounded window, like Go's flight recorder).
 *
 * On/off: Probe holds the array of active tracers (copy-on-write, usually empty). Every probe site
 * does one acquire load of that array and a length check; only when it is non-empty does it look up
 * the tracer of the event's scheduler (a short linear scan: one entry per traced runtime).
 * start() publishes a fully built Tracer with a release store; stop() unpublishes it, then reads the
 * buffers with the seqlock in TraceBuffer.snapshot, which tolerates a carrier that is still writing
 * its last event.
 */
/** A trace being recorded for one runtime's scheduler. See the implementation overview. */
public final class Tracer {
    static final int SLICE_START = 1; // a = fiber id, ref = the fiber's TraceSubject
    static final int SLICE_END = 2;   // a = fiber id, b = END_* reason, ref = blocker (parks)
    static final int SPAWN = 3;       // a = child id, b = parent fiber id (0: a plain thread), ref = child TraceSubject
    static final int WAKE = 4;        // a = woken id, b = waker fiber id (0: thread, timer, or a fiber's end:
                                      //   the writer credits the slice that just ended), ref = cause String
    static final int STEAL = 5;       // a = victim worker index, b = tasks taken
    static final int PINNED = 6;      // a = fiber id, ref = reason
    static final int CARRIER_PARK = 7;   // the carrier parks for lack of work
    static final int CARRIER_UNPARK = 8; // ... and woke up again
    static final int TASK_START = 9;  // a task that is not a fiber starts: a virtual thread's run
    static final int TASK_END = 10;   // ... and ends

    static final int END_PARK = 0;
    static final int END_TIMED_PARK = 1;
    static final int END_YIELD = 2;
    static final int END_DONE = 3;

    /** Events kept per carrier. Override: -Dspindle.trace.bufferEvents (a power of two). */
    public static final int DEFAULT_CAPACITY = Integer.getInteger("spindle.trace.bufferEvents", 1 << 16);

    final Object scheduler;  // identity key of the traced runtime (its scheduler); see Probe
    final String runtimeName;
    final Function<Object, String> describeBlocker; // names a blocker at export (see BlockerNames)
    final TraceBuffer[] buffers;
    final TraceBuffer outside;
    final long startNanos;
    private final List<String> trackNames = new ArrayList<>();

    private Tracer(Object scheduler, String runtimeName, List<Thread> carriers, int capacity,
                   Function<Object, String> describeBlocker) {
        this.scheduler = scheduler;
        this.runtimeName = runtimeName;
        this.describeBlocker = describeBlocker;
        this.buffers = new TraceBuffer[carriers.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new TraceBuffer(i, capacity);
            trackNames.add(carriers.get(i).getName());
        }
        this.outside = new TraceBuffer(buffers.length, capacity);
        trackNames.add("outside carriers");
        this.startNanos = System.nanoTime();
    }

    /**
     * Starts tracing the runtime whose scheduler is {@code scheduler} (an identity key; the probes
     * pass the same object), keeping the last {@code eventsPerCarrier} events per carrier.
     * {@code describeBlocker} names a blocker when the trace is written (see
     * {@link BlockerNames#describeAtExport}: it may name the API's own types, which this package
     * does not know).
     *
     * @throws IllegalStateException if it is traced already
     */
    public static Tracer start(Object scheduler, String runtimeName, List<Thread> carriers, int eventsPerCarrier,
                               Function<Object, String> describeBlocker) {
        Tracer t = new Tracer(scheduler, runtimeName, carriers, eventsPerCarrier, describeBlocker);
        Probe.activate(t);
        return t;
    }

    /** Stops recording and returns what was recorded. A second stop returns the same window. */
    public TraceWindow stop() {
        Probe.deactivate(this);
        List<TraceRecord> all = new ArrayList<>();
        long recorded = 0;
        for (TraceBuffer b : buffers) {
            all.addAll(b.snapshot());
            recorded += b.recorded();
        }
        all.addAll(outside.snapshot());
        recorded += outside.recorded();
        return new TraceWindow(runtimeName, List.copyOf(trackNames), startNanos, recorded, all, describeBlocker);
    }

    /**
     * What was recorded so far, while recording goes on (the web console's timeline reads the
     * newest events several times a second). Same seqlock copy as {@link #stop()}.
     */
    public TraceWindow peek() {
        List<TraceRecord> all = new ArrayList<>();
        long recorded = 0;
        for (TraceBuffer b : buffers) {
            all.addAll(b.snapshot());
            recorded += b.recorded();
        }
        return new TraceWindow(runtimeName, List.copyOf(trackNames), startNanos, recorded, all, describeBlocker);
    }

    /**
     * Stops recording but keeps the buffers for a later {@link #stop()} (the runtime closes with a
     * trace still running: its carriers are gone, and no probe should look for this tracer any more).
     */
    public void detach() {
        Probe.deactivate(this);
    }

    /** The buffer for an event on {@code workerIndex}, or the outside buffer for -1. */
    TraceBuffer buffer(int workerIndex) {
        return workerIndex >= 0 ? buffers[workerIndex] : outside;
    }
}
