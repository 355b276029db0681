package io.spindle.runtime.internal.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console's timeline: the last {@code span} of a {@link TraceWindow} as compact JSON, one
 * row of intervals per carrier and a sample of cross-carrier wake arrows.
 *
 * <pre>{"spanMs":2000,"fromMs":-1234.5,"kept":N,"tracks":[[[startMs,endMs,kind,"label"],...],...],"wakes":[[fromTrack,tMs,toTrack,tMs],...]}</pre>
 *
 * Times are milliseconds relative to {@code now} (negative: in the past); {@code fromMs} is the
 * start of the window that every track covers (the page draws from there). kind: 0 a fiber's time
 * slice, 1 the carrier parked for lack of work, 2 a virtual thread's run. A busy carrier runs far
 * more slices than a browser can draw: consecutive slices closer than {@code resolutionNanos} are
 * merged into one interval labelled "N runs" (or "N parks"), and each track keeps its newest
 * {@code maxPerTrack} intervals. The resolution scales with the window the rings really cover (a
 * busy carrier's ring holds milliseconds, not seconds): {@code resolutionNanos} is for the full span. A wake arrow goes from where a fiber was woken (the waker's carrier)
 * to the start of the woken fiber's next slice on another carrier; the newest {@code maxWakes} are
 * kept.
 */
public final class TimelineJson {
    private static final int FIBER = 0;
    private static final int PARKED = 1;
    private static final int VTHREAD = 2;

    private TimelineJson() {
    }

    /** One interval being built: [start, end) on a track, kind, label, how many slices merged. */
    private static final class Interval {
        long start;
        long end;
        final int kind;
        final java.util.function.Supplier<String> label; // called only for the intervals written
        int merged = 1;

        Interval(long start, long end, int kind, java.util.function.Supplier<String> label) {
            this.start = start;
            this.end = end;
            this.kind = kind;
            this.label = label;
        }
    }

    /** Appends the timeline of {@code w} for [now - spanNanos, now] to {@code out}. */
    public static void write(TraceWindow w, int carriers, long now, long spanNanos, long resolutionNanos,
                             int maxPerTrack, int maxWakes, StringBuilder out) {
        long from = now - spanNanos;
        List<List<Interval>> raw = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            raw.add(new ArrayList<>());
        }
        Map<Integer, TraceRecord> open = new HashMap<>();      // slice starts by track
        Map<Integer, Long> parkedSince = new HashMap<>();
        Map<Integer, Long> taskSince = new HashMap<>();
        Map<Long, TraceRecord> pendingWake = new HashMap<>();  // woken fiber id -> its newest wake
        List<long[]> wakes = new ArrayList<>();
        // the window groups records by track; a wake on one track and the woken's next slice on
        // another only pair up in time order
        List<TraceRecord> byTime = new ArrayList<>(w.records());
        byTime.sort((x, y) -> Long.compare(x.time(), y.time()));
        for (TraceRecord r : byTime) {
            int tid = r.tid();
            if (tid >= carriers) {
                continue;
            }
            switch (r.kind()) {
                case Tracer.SLICE_START -> {
                    open.put(tid, r);
                    TraceRecord wk = pendingWake.remove(r.a());
                    if (wk != null && wk.tid() != tid && wk.time() >= from && r.time() >= wk.time()) {
                        wakes.add(new long[] {wk.tid(), wk.time(), tid, r.time()});
                    }
                }
                case Tracer.SLICE_END -> {
                    TraceRecord s = open.remove(tid);
                    if (s != null && s.a() == r.a() && r.time() >= from) {
                        raw(raw.get(tid), Math.max(s.time(), from), r.time(), FIBER,
                                () -> ((TraceSubject) s.ref()).name());
                    }
                }
                case Tracer.WAKE -> pendingWake.put(r.a(), r);
                case Tracer.CARRIER_PARK -> parkedSince.put(tid, r.time());
                case Tracer.CARRIER_UNPARK -> {
                    Long since = parkedSince.remove(tid);
                    if (since != null && r.time() >= from) {
                        raw(raw.get(tid), Math.max(since, from), r.time(), PARKED, () -> "parked");
                    }
                }
                case Tracer.TASK_START -> taskSince.put(tid, r.time());
                case Tracer.TASK_END -> {
                    Long since = taskSince.remove(tid);
                    if (since != null && r.time() >= from) {
                        raw(raw.get(tid), Math.max(since, from), r.time(), VTHREAD, () -> "virtual thread");
                    }
                }
                default -> { }
            }
        }
        // what is still going on at `now`: a running slice, a parked carrier
        for (Map.Entry<Integer, TraceRecord> e : open.entrySet()) {
            TraceRecord s = e.getValue();
            raw(raw.get(e.getKey()), Math.max(s.time(), from), now, FIBER, () -> ((TraceSubject) s.ref()).name());
        }
        for (Map.Entry<Integer, Long> e : parkedSince.entrySet()) {
            raw(raw.get(e.getKey()), Math.max(e.getValue(), from), now, PARKED, () -> "parked");
        }
        // the window every track covers: the rings of a busy carrier hold far less than spanNanos
        long covered = from;
        for (List<Interval> t : raw) {
            t.sort((x, y) -> Long.compare(x.start, y.start));
            if (!t.isEmpty()) {
                covered = Math.max(covered, t.get(0).start);
            }
        }
        // merge at the resolution of that window (about a pixel), keep the newest maxPerTrack
        long resolution = Math.max(resolutionNanos * (now - covered) / Math.max(1, spanNanos), 1);
        List<ArrayDeque<Interval>> tracks = new ArrayList<>();
        for (List<Interval> t : raw) {
            ArrayDeque<Interval> merged = new ArrayDeque<>();
            for (Interval iv : t) {
                if (iv.end >= covered) {
                    add(merged, iv, resolution, maxPerTrack);
                }
            }
            tracks.add(merged);
        }
        for (ArrayDeque<Interval> t : tracks) { // trimming to maxPerTrack may have shortened a track
            if (!t.isEmpty()) {
                covered = Math.max(covered, t.peekFirst().start);
            }
        }
        out.append("{\"spanMs\":").append(spanNanos / 1_000_000).append(",\"fromMs\":").append(ms(covered, now))
                .append(",\"kept\":").append(w.size()).append(",\"tracks\":[");
        for (int t = 0; t < tracks.size(); t++) {
            if (t > 0) {
                out.append(',');
            }
            out.append('[');
            boolean first = true;
            for (Interval iv : tracks.get(t)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('[').append(ms(iv.start, now)).append(',').append(ms(iv.end, now)).append(',')
                        .append(iv.kind).append(',');
                out.append(ChromeTraceWriter.str(iv.merged > 1 ? iv.merged + (iv.kind == PARKED ? " parks" : " runs") : iv.label.get()));
                out.append(']');
            }
            out.append(']');
        }
        out.append("],\"wakes\":[");
        int begin = Math.max(0, wakes.size() - maxWakes);
        for (int i = begin; i < wakes.size(); i++) {
            long[] a = wakes.get(i);
            if (i > begin) {
                out.append(',');
            }
            out.append('[').append(a[0]).append(',').append(ms(a[1], now)).append(',').append(a[2]).append(',')
                    .append(ms(a[3], now)).append(']');
        }
        out.append("]}");
    }

    private static void raw(List<Interval> track, long start, long end, int kind, java.util.function.Supplier<String> label) {
        track.add(new Interval(start, end, kind, label));
    }

    private static void add(ArrayDeque<Interval> track, Interval iv, long resolution, int max) {
        Interval last = track.peekLast();
        if (last != null && last.kind == iv.kind && iv.start - last.end < resolution) {
            last.end = Math.max(last.end, iv.end);
            last.merged += iv.merged;
            return;
        }
        track.addLast(iv);
        if (track.size() > max) {
            track.removeFirst();
        }
    }

    /** Milliseconds from now, to the microsecond. */
    private static double ms(long t, long now) {
        return Math.round((t - now) / 1000.0) / 1000.0;
    }
}
