package io.spindle.runtime.internal.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Function;

/**
 * What a {@link Tracer} recorded: the events still in its buffers when it stopped.
 *
 * @param runtime    the traced runtime's name
 * @param tracks     track names by tid: the carriers, then "outside carriers"
 * @param startNanos System.nanoTime() at start (time zero of the trace)
 * @param recorded   events recorded in total, including those the rings overwrote
 * @param records    the events kept, grouped by track, each track oldest first
 * @param describeBlocker how a blocker is named in the export (see BlockerNames.describeAtExport)
 */
public record TraceWindow(String runtime, List<String> tracks, long startNanos, long recorded,
                          List<TraceRecord> records, Function<Object, String> describeBlocker) {

    /** Events kept in the window. */
    public int size() {
        return records.size();
    }

    /** Writes the window as Chrome trace-event JSON (Perfetto, chrome://tracing). */
    public void writeChromeJson(Writer out) throws IOException {
        new ChromeTraceWriter(this, out).write();
    }
}
