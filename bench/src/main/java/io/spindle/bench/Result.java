package io.spindle.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repetition's result and its output line, exactly as the benchmark contract fixes it (other tools parse it):
 * {@code workload=NAME impl=IMPL ops=N total_ms=T ns_per_op=X}, or {@code ... bytes_per_task=B}
 * for {@code parked}.
 *
 * @param bytesPerTask -1 unless the workload measures memory
 */
public record Result(String workload, String impl, long ops, double totalMs, long bytesPerTask) {
    private static final Pattern LINE = Pattern.compile(
            "workload=(\\S+) impl=(\\S+) ops=(\\d+) total_ms=([0-9.]+) (?:ns_per_op=([0-9.]+)|bytes_per_task=(\\d+))");

    public double nsPerOp() {
        return ops == 0 ? 0 : totalMs * 1e6 / ops;
    }

    public boolean measuresMemory() {
        return bytesPerTask >= 0;
    }

    /** The reported number: bytes per task for memory workloads, else ns per op. */
    public double value() {
        return measuresMemory() ? bytesPerTask : nsPerOp();
    }

    public String line() {
        String head = String.format(Locale.ROOT, "workload=%s impl=%s ops=%d total_ms=%.3f", workload, impl, ops, totalMs);
        return measuresMemory()
                ? head + " bytes_per_task=" + bytesPerTask
                : head + String.format(Locale.ROOT, " ns_per_op=%.2f", nsPerOp());
    }

    /** Parses {@link #line()}'s format; throws IllegalArgumentException on anything else. */
    public static Result parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        long bytes = m.group(6) != null ? Long.parseLong(m.group(6)) : -1;
        return new Result(m.group(1), m.group(2), Long.parseLong(m.group(3)), Double.parseDouble(m.group(4)), bytes);
    }
}
