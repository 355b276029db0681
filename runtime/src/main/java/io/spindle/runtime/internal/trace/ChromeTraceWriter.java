package io.spindle.runtime.internal.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TraceWindow} in the Chrome trace-event format ({"traceEvents":[...]}), which
 * Perfetto and chrome://tracing open:
 * <ul>
 *   <li>one thread track per carrier ({@code tid} = worker index) and one for events from outside;</li>
 *   <li>an "X" (complete) event per time slice, named after the fiber, with args fiber, end
 *       (park, timed park, yield, done) and blocker;</li>
 *   <li>for each wake and spawn, an "i" (instant) event where it happened and, when the woken or
 *       spawned fiber ran again inside the window, a flow arrow ("s" then "f") from there to the
 *       start of that fiber's next slice;</li>
 *   <li>"i" events for steals (args victim, tasks) and pinned parks;</li>
 *   <li>an "X" event named "parked" (category "idle") for each time the carrier parked for lack of work;</li>
 *   <li>an "X" event named "virtual thread" (category "vthread") for each run of a virtual thread
 *       built by {@code Runtime.virtualThreadBuilder()} (not named: the JDK hands us a bare Runnable).</li>
 * </ul>
 * Timestamps are microseconds since the trace started.
 */
final class ChromeTraceWriter {
    private static final String[] END_REASONS = {"park", "timed park", "yield", "done"};
    private static final int PID = 1;

    private final TraceWindow window;
    private final Writer out;
    /** Wakes made by a carrier just after a slice ended (a fiber's end wakes its joiners): that slice. */
    private final Map<TraceRecord, Slice> wokenByEndOf = new HashMap<>();
    private boolean first = true;
    private long nextFlowId = 1;

    ChromeTraceWriter(TraceWindow window, Writer out) {
        this.window = window;
        this.out = out;
    }

    /** A time slice: fiber {@code fiber} ran on track {@code tid} from start to end. */
    private record Slice(int tid, long fiber, String name, long start, long end, int reason, Object blocker) {
    }

    void write() throws IOException {
        out.write("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"runtime\":" + str(window.runtime())
                + ",\"eventsRecorded\":" + window.recorded() + ",\"eventsKept\":" + window.size()
                + "},\"traceEvents\":[\n");
        event("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" + PID + ",\"args\":{\"name\":"
                + str("spindle runtime " + window.runtime()) + "}}");
        for (int tid = 0; tid < window.tracks().size(); tid++) {
            event("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" + PID + ",\"tid\":" + tid
                    + ",\"args\":{\"name\":" + str(window.tracks().get(tid)) + "}}");
            event("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":" + PID + ",\"tid\":" + tid
                    + ",\"args\":{\"sort_index\":" + tid + "}}");
        }
        Map<Long, List<Slice>> byFiber = slices();
        for (TraceRecord r : window.records()) {
            switch (r.kind()) {
                case Tracer.SPAWN -> arrow(r, "spawn", byFiber);
                case Tracer.WAKE -> arrow(r, "wake", byFiber);
                case Tracer.STEAL -> instant(r, "steal " + r.b() + " from " + window.tracks().get((int) r.a()),
                        "\"victim\":" + r.a() + ",\"tasks\":" + r.b());
                case Tracer.PINNED -> instant(r, "pinned", "\"fiber\":" + r.a() + ",\"reason\":" + str(String.valueOf(r.ref())));
                default -> { }
            }
        }
        out.write("\n]}\n");
        out.flush();
    }

    /** Pairs starts and ends per track, writes the X events, returns each fiber's slices in time order. */
    private Map<Long, List<Slice>> slices() throws IOException {
        Map<Long, List<Slice>> byFiber = new HashMap<>();
        Map<Integer, TraceRecord> open = new HashMap<>();
        Map<Integer, Slice> justEnded = new HashMap<>();
        Map<Integer, TraceRecord> parkedSince = new HashMap<>();
        Map<Integer, TraceRecord> taskSince = new HashMap<>();
        for (TraceRecord r : window.records()) {
            if (r.kind() == Tracer.TASK_START) {
                taskSince.put(r.tid(), r);
            } else if (r.kind() == Tracer.TASK_END && taskSince.containsKey(r.tid())) {
                long since = taskSince.remove(r.tid()).time();
                event("{\"name\":\"virtual thread\",\"cat\":\"vthread\",\"ph\":\"X\",\"ts\":" + micros(since)
                        + ",\"dur\":" + micros(r.time() - since + window.startNanos()) + ",\"pid\":" + PID
                        + ",\"tid\":" + r.tid() + "}");
            }
            if (r.kind() == Tracer.CARRIER_PARK) {
                parkedSince.put(r.tid(), r);
            } else if (r.kind() == Tracer.CARRIER_UNPARK && parkedSince.containsKey(r.tid())) {
                long since = parkedSince.remove(r.tid()).time();
                event("{\"name\":\"parked\",\"cat\":\"idle\",\"ph\":\"X\",\"ts\":" + micros(since) + ",\"dur\":"
                        + micros(r.time() - since + window.startNanos()) + ",\"pid\":" + PID + ",\"tid\":" + r.tid() + "}");
            }
            if (r.kind() == Tracer.WAKE && r.b() == 0 && justEnded.containsKey(r.tid())) {
                wokenByEndOf.put(r, justEnded.get(r.tid()));
            }
            if (r.kind() == Tracer.SLICE_START) {
                open.put(r.tid(), r);
                justEnded.remove(r.tid());
            } else if (r.kind() == Tracer.SLICE_END) {
                TraceRecord s = open.remove(r.tid());
                if (s == null || s.a() != r.a()) {
                    continue; // its start fell out of the window
                }
                Slice sl = new Slice(r.tid(), r.a(), ((TraceSubject) s.ref()).name(), s.time(), r.time(), (int) r.b(), r.ref());
                byFiber.computeIfAbsent(sl.fiber(), k -> new ArrayList<>()).add(sl);
                justEnded.put(r.tid(), sl);
                StringBuilder args = new StringBuilder("\"fiber\":").append(sl.fiber())
                        .append(",\"end\":").append(str(END_REASONS[sl.reason()]));
                if (sl.blocker() != null) {
                    args.append(",\"blocker\":").append(str(window.describeBlocker().apply(sl.blocker())));
                }
                event("{\"name\":" + str(sl.name()) + ",\"cat\":\"fiber\",\"ph\":\"X\",\"ts\":" + micros(sl.start())
                        + ",\"dur\":" + micros(sl.end() - sl.start() + window.startNanos()) + ",\"pid\":" + PID
                        + ",\"tid\":" + sl.tid() + ",\"args\":{" + args + "}}");
            }
        }
        for (List<Slice> l : byFiber.values()) {
            l.sort((x, y) -> Long.compare(x.start(), y.start()));
        }
        return byFiber;
    }

    /**
     * A wake or spawn: an instant where it happened, and a flow to the fiber's next slice. A wake
     * made by a carrier right after a slice ended (Fiber.terminate waking the joiners, outside the
     * fiber) is credited to that slice's fiber, and its arrow starts at the end of that slice.
     */
    private void arrow(TraceRecord r, String what, Map<Long, List<Slice>> byFiber) throws IOException {
        Slice ender = wokenByEndOf.get(r);
        long by = ender != null ? ender.fiber() : r.b();
        long from = ender != null ? Math.max(ender.start(), ender.end() - 1) : r.time(); // inside the slice
        String cause = r.kind() == Tracer.WAKE ? ",\"cause\":" + str(String.valueOf(r.ref())) : "";
        instant(r, what + " fiber " + r.a(), "\"fiber\":" + r.a() + ",\"by\":" + by + cause);
        Slice next = null;
        for (Slice s : byFiber.getOrDefault(r.a(), List.of())) {
            if (s.start() >= r.time()) {
                next = s;
                break;
            }
        }
        if (next == null) {
            return; // it did not run again inside the window
        }
        long id = nextFlowId++;
        String common = ",\"cat\":" + str(what) + ",\"name\":" + str(what) + ",\"id\":" + id + ",\"pid\":" + PID;
        event("{\"ph\":\"s\",\"ts\":" + micros(from) + ",\"tid\":" + r.tid() + common + "}");
        event("{\"ph\":\"f\",\"bp\":\"e\",\"ts\":" + micros(next.start()) + ",\"tid\":" + next.tid() + common + "}");
    }

    private void instant(TraceRecord r, String name, String args) throws IOException {
        event("{\"name\":" + str(name) + ",\"cat\":\"scheduler\",\"ph\":\"i\",\"s\":\"t\",\"ts\":" + micros(r.time())
                + ",\"pid\":" + PID + ",\"tid\":" + r.tid() + ",\"args\":{" + args + "}}");
    }

    private void event(String json) throws IOException {
        if (!first) {
            out.write(",\n");
        }
        first = false;
        out.write(json);
    }

    /** Microseconds since the trace started, with nanosecond digits: "12.345". */
    private String micros(long nanoTime) {
        long ns = Math.max(0, nanoTime - window.startNanos());
        long frac = ns % 1000;
        return (ns / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    /** A JSON string literal. */
    static String str(String s) {
        return JsonText.quote(new StringBuilder(s.length() + 2), s, false).toString();
    }
}
