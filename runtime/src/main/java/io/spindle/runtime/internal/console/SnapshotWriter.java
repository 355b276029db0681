package io.spindle.runtime.internal.console;

import io.spindle.runtime.internal.diag.DiagnosticsRing;
import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.TimelineJson;
import io.spindle.runtime.internal.trace.TraceWindow;
import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.runtime.observe.WorkerStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of a runtime as the JSON object the page reads (one Server-Sent Event). Counters are
 * totals since start; the page turns two snapshots into rates with {@code monoMs}.
 *
 * <pre>
 * {"runtime", "epochMs", "monoMs", "seq",
 *  "carriers": [{"name", "extra", "activity", "fiber", "queue", "runnext", "run", "runnextHits", "local",
 *                "global", "steals", "stolen", "parks", "vthreadRuns", "timers"}],
 *  "fibers": {"live", "spawned", "completed", "states": {"PARKED": n, ...}},
 *  "injection", "timers", "searching", "parkedCarriers", "blocking": {"active", "threads"},
 *  "vthreadRuns", "stalls", "compensations", "extraCarriers", "parkSites": [{"site", "count"}], "warnings": [{"epochMs", "kind", "text"}],
 *  "warningsTotal", "timeline": {...} (see TimelineJson; absent when no trace runs)}
 * </pre>
 */
final class SnapshotWriter {
    /** Park sites listed (the rest are summed into none). */
    static final int TOP_SITES = 10;
    /** The timeline's span: "the last second or two". Override: -Dspindle.console.timelineMillis. */
    static final long TIMELINE_NANOS = Long.getLong("spindle.console.timelineMillis", 2000) * 1_000_000L;
    /** Merge slices closer than this (2 s over ~1000 px: 2 ms a pixel). */
    static final long RESOLUTION_NANOS = TIMELINE_NANOS / 1000;
    /** Intervals drawn per carrier row, and wake arrows drawn: what an SVG redrawn 4 times a second takes. */
    static final int MAX_INTERVALS = 600;
    static final int MAX_WAKES = 40;

    private final ConsoleSource src;
    private long seq;

    SnapshotWriter(ConsoleSource src) {
        this.src = src;
    }

    String write() {
        long mono = System.nanoTime();
        RuntimeStats st = src.stats();
        List<Worker> workers = src.scheduler().workers();
        StringBuilder b = new StringBuilder(4096).append('{');
        Json.quote(Json.key(b, "runtime"), src.name());
        Json.key(b, "epochMs").append(System.currentTimeMillis());
        Json.key(b, "monoMs").append(mono / 1_000_000.0);
        Json.key(b, "seq").append(++seq);
        Json.key(b, "carriers").append('[');
        int timers = 0;
        boolean first = true;
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            WorkerStats ws = st.workers().get(i);
            timers += ws.timers();
            Thread carrier = w.carrier();
            if (w.isDormant() || carrier == null) {
                continue; // an extra (compensating) slot with no thread now
            }
            CarrierActivity a = CarrierActivity.of(w, carrier);
            b.append(first ? "{" : ",{");
            first = false;
            Json.quote(Json.key(b, "name"), carrier.getName());
            Json.key(b, "extra").append(w.isExtra());
            Json.quote(Json.key(b, "activity"), a.activity());
            Json.quote(Json.key(b, "fiber"), a.fiber());
            Json.key(b, "queue").append(ws.localQueueSize());
            Json.key(b, "runnext").append(w.runnextOccupiedNow());
            Json.key(b, "run").append(ws.tasksRun());
            Json.key(b, "runnextHits").append(ws.runnextHits());
            Json.key(b, "local").append(ws.localPolls());
            Json.key(b, "global").append(ws.globalPolls());
            Json.key(b, "steals").append(ws.steals());
            Json.key(b, "stolen").append(ws.tasksStolen());
            Json.key(b, "parks").append(ws.carrierParks());
            Json.key(b, "vthreadRuns").append(ws.virtualThreadRuns());
            Json.key(b, "timers").append(ws.timers());
            b.append('}');
        }
        b.append(']');
        fibers(b, st);
        Json.key(b, "injection").append(st.injectionQueue());
        Json.key(b, "timers").append(timers);
        Json.key(b, "searching").append(st.searching());
        Json.key(b, "parkedCarriers").append(st.parkedWorkers());
        Json.key(b, "blocking").append("{\"active\":").append(src.blockingActive())
                .append(",\"threads\":").append(src.blockingThreads()).append('}');
        Json.key(b, "vthreadRuns").append(st.virtualThreadRuns());
        Json.key(b, "stalls").append(st.stalls());
        Json.key(b, "compensations").append(st.compensations());
        Json.key(b, "extraCarriers").append(st.extraCarriers());
        warnings(b, src.warnings());
        TraceWindow tw = src.peekTrace();
        if (tw != null) {
            Json.key(b, "timeline");
            TimelineJson.write(tw, tw.tracks().size() - 1, System.nanoTime(), TIMELINE_NANOS, RESOLUTION_NANOS,
                    MAX_INTERVALS, MAX_WAKES, b);
        }
        return b.append('}').toString();
    }

    /** Fibers by state and the top park sites: one pass over the registry. */
    private void fibers(StringBuilder b, RuntimeStats st) {
        int[] byState = new int[FiberStates.TERMINATED + 2]; // + 1 slot for SLEEPING
        int sleepingSlot = byState.length - 1;
        Map<String, int[]> sites = new HashMap<>();
        for (FiberCore f : src.fibers().snapshot()) {
            int s = f.stateCode();
            byState[s == FiberStates.TIMED_PARKED && f.isSleeping() ? sleepingSlot : s]++;
            String site = ParkSites.siteOf(f, s);
            if (site != null) {
                sites.computeIfAbsent(site, k -> new int[1])[0]++;
            }
        }
        Json.key(b, "fibers").append('{');
        Json.key(b, "live").append(st.liveFibers());
        Json.key(b, "spawned").append(st.spawned());
        Json.key(b, "completed").append(st.completed());
        Json.key(b, "states").append('{');
        for (int s = 0; s < byState.length; s++) {
            if (byState[s] > 0) {
                Json.key(b, s == sleepingSlot ? "SLEEPING" : FiberStates.name(s)).append(byState[s]);
            }
        }
        b.append("}}");
        List<Map.Entry<String, int[]>> top = new ArrayList<>(sites.entrySet());
        top.sort((x, y) -> Integer.compare(y.getValue()[0], x.getValue()[0]));
        Json.key(b, "parkSites").append('[');
        for (int i = 0; i < Math.min(TOP_SITES, top.size()); i++) {
            b.append(i == 0 ? "{" : ",{");
            Json.quote(Json.key(b, "site"), top.get(i).getKey());
            Json.key(b, "count").append(top.get(i).getValue()[0]);
            b.append('}');
        }
        b.append(']');
    }

    private static void warnings(StringBuilder b, DiagnosticsRing ring) {
        Json.key(b, "warnings").append('[');
        List<DiagnosticsRing.Entry> recent = ring.recent();
        for (int i = 0; i < recent.size(); i++) {
            DiagnosticsRing.Entry e = recent.get(i);
            b.append(i == 0 ? "{" : ",{");
            Json.key(b, "epochMs").append(e.epochMillis());
            Json.quote(Json.key(b, "kind"), e.kind());
            Json.quote(Json.key(b, "text"), e.text());
            b.append('}');
        }
        b.append(']');
        Json.key(b, "warningsTotal").append(ring.total());
    }
}
