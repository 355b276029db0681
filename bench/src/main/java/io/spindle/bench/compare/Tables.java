package io.spindle.bench.compare;

import io.spindle.bench.Result;
import io.spindle.bench.chan.SpindleChannels;
import io.spindle.bench.impl.Impls;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Comparison}: the results table (text and Markdown) with ties marked by
 * {@link Verdict}, the legend under it (implementations, columns, the tie rule, the detected
 * machine), the Spindle scheduler stats table with its legend, and CSV.
 */
final class Tables {
    /** The verdict column: spindle against the fastest implementation not running on Spindle's scheduler. */
    static final String VERDICT_HEADER = "spindle vs fastest other";
    /** Implementations that are not "others" for the verdict column: they run on Spindle. */
    private static final List<String> SPINDLE_BASED = List.of("spindle", "loom-spindle");

    private Tables() {
    }

    /** Medians with spread and ratios against spindle: one row per workload. */
    static List<List<String>> results(Comparison c) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("workload", "n", "unit"));
        head.addAll(c.impls);
        head.add(VERDICT_HEADER);
        rows.add(head);
        for (Map.Entry<String, Map<String, Comparison.Cell>> e : c.cells.entrySet()) {
            String w = e.getKey();
            List<String> row = new ArrayList<>();
            row.add(w);
            Comparison.Cell any = e.getValue().values().iterator().next();
            row.add(String.valueOf(any.n));
            boolean bytes = measuresMemory(e.getValue());
            row.add(bytes ? "bytes/task" : "ns/op");
            for (String impl : c.impls) {
                row.add(cellText(c, w, impl));
            }
            row.add(verdictText(c, w, bytes));
            rows.add(row);
        }
        return rows;
    }

    /** "412 ±5% (1.20x)", "412 ±5% (1.02x tie)", "340 ±12%" for spindle, ERROR or "-". */
    static String cellText(Comparison c, String w, String impl) {
        Comparison.Cell cell = c.cell(w, impl);
        Result m = cell.median();
        if (cell.error != null) {
            return "ERROR";
        }
        if (m == null) {
            return "-";
        }
        double spread = Verdict.spread(cell.values());
        String text = num(m.value()) + (Double.isNaN(spread) ? "" : " ±" + percent(spread));
        if (impl.equals("spindle") || !c.impls.contains("spindle")) {
            return text;
        }
        Verdict v = c.verdict(w, impl);
        if (v.kind() == Verdict.Kind.MISSING) {
            return text;
        }
        return text + " (" + ratio(v.ratio()) + (v.kind() == Verdict.Kind.TIE ? " tie" : "") + ")";
    }

    /** The last column: spindle against the fastest implementation that does not run on Spindle. */
    static String verdictText(Comparison c, String w, boolean bytes) {
        if (!c.impls.contains("spindle") || c.cell(w, "spindle").median() == null) {
            return "-";
        }
        String fastest = null;
        double best = Double.MAX_VALUE;
        for (String impl : c.impls) {
            Comparison.Cell cell = c.cell(w, impl);
            Result m = cell.median();
            if (!SPINDLE_BASED.contains(impl) && cell.error == null && m != null && m.value() < best) {
                best = m.value();
                fastest = impl;
            }
        }
        return fastest == null ? "-" : c.verdict(w, fastest).describe(fastest, bytes);
    }

    /** The lines under the results table: how to read it, the implementations, the machine. */
    static List<String> legend(Comparison c) {
        List<String> l = new ArrayList<>();
        int measured = c.reps - c.warmup;
        l.add("Each cell: the median of " + measured + " measured repetition" + (measured == 1 ? "" : "s") + " (after "
                + c.warmup + " warm-up), ± their spread (the median absolute deviation of those repetitions, in % of "
                + "the median: half of them lie within it, and one outlier does not stretch it), and (r x) = that "
                + "implementation's median / spindle's: above 1, spindle is faster (ns/op) or smaller (bytes/task).");
        l.add(String.format(Locale.ROOT, "tie: the two medians are closer than their two spreads added (the median ± "
                + "spread bands overlap), or differ by less than %.0f%%: the difference is within this run's noise, "
                + "not a result. Ratios without 'tie' are outside it. With 1 measured repetition there is no spread, "
                + "and only the %.0f%% floor is applied.", Verdict.TIE_FLOOR * 100, Verdict.TIE_FLOOR * 100));
        l.add(VERDICT_HEADER + ": spindle against the fastest (or smallest) implementation here that does not run on "
                + "Spindle's scheduler (loom-spindle does), with the same rule.");
        l.add("n: the workload's size; unit: ns/op = a repetition's wall time (set-up and teardown included) over its "
                + "operations; bytes/task = heap per parked task after GC (go: heap + goroutine stacks).");
        l.add("Implementations:");
        for (String impl : c.impls) {
            l.add("  " + impl + ": " + Impls.describe(impl, c.carriers));
        }
        l.addAll(c.notes);
        Machine end = c.end != null ? c.end : c.start;
        l.add("Machine (detected): " + c.start.hardware()
                + loadText(c.start, end));
        return l;
    }

    private static String loadText(Machine start, Machine end) {
        if (start.loadAverage() < 0) {
            return ".";
        }
        String loads = String.format(Locale.ROOT, "; 1-minute load average %.2f at the start, %.2f at the end",
                start.loadAverage(), end.loadAverage());
        return loads + (start.busy() || end.busy()
                ? String.format(Locale.ROOT, ": above the %d cores, so other processes competed for the CPUs "
                        + "(a shared machine): read the numbers as noisy.", start.cores())
                : String.format(Locale.ROOT, " (compare itself keeps up to %d busy; above that, other processes "
                        + "would be competing).", start.cores()));
    }

    /** Spindle scheduler counters over the measured repetitions, per workload and Spindle-driven impl. */
    static List<List<String>> stats(Comparison c) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("workload", "impl", "tasks run", "runnext %", "local", "global", "steals", "stolen",
                "carrier parks", "parks/kop", "migrations/kop", "pinned"));
        c.cells.forEach((w, row) -> row.forEach((impl, cell) -> {
            StatsDelta d = cell.stats;
            if (d == null || cell.measured.isEmpty()) {
                return;
            }
            long ops = cell.measured.stream().mapToLong(Result::ops).sum();
            rows.add(List.of(w, impl, String.valueOf(d.tasksRun()), String.format(Locale.ROOT, "%.1f", d.runnextPercent()),
                    String.valueOf(d.localPolls()), String.valueOf(d.globalPolls()), String.valueOf(d.steals()),
                    String.valueOf(d.tasksStolen()), String.valueOf(d.carrierParks()),
                    String.format(Locale.ROOT, "%.2f", 1000.0 * d.carrierParks() / Math.max(1, ops)),
                    String.format(Locale.ROOT, "%.2f", 1000.0 * d.migrations() / Math.max(1, ops)),
                    String.valueOf(d.pinned())));
        }));
        return rows;
    }

    /** What each stats column means. */
    static List<String> statsLegend() {
        return List.of(
                "tasks run: fiber time slices (virtual-thread runs for loom-spindle) the carriers ran",
                "runnext %: of those, the share taken from the runnext slot (a woken task run next on its waker's carrier)",
                "local / global: tasks taken from the carrier's own queue / from the shared injection queue",
                "steals / stolen: steal attempts that took work from another carrier / tasks moved by them",
                "carrier parks: times a carrier thread parked in the OS for lack of work; parks/kop: per 1,000 operations",
                "migrations/kop: fiber time slices that started on another carrier than the fiber's previous one, per 1,000 operations",
                "pinned: parks or yields that could not unmount and blocked their carrier");
    }

    static String text(Comparison c) {
        StringBuilder b = new StringBuilder(aligned(results(c)));
        for (String line : legend(c)) {
            b.append("  ").append(line).append('\n');
        }
        b.append(errors(c));
        List<List<String>> stats = stats(c);
        if (stats.size() > 1) {
            b.append("\nSpindle scheduler counters over the measured reps (spindle and loom-spindle; rt.stats() deltas):\n");
            b.append(aligned(stats));
            for (String line : statsLegend()) {
                b.append("  ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    static String markdown(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("# Spindle compare: Loom, Kotlin and Go\n\n");
        b.append("- date: ").append(c.date).append('\n');
        b.append("- command: `java -jar bench/target/spindle-bench.jar ").append(c.command.strip()).append("`\n");
        b.append("- Spindle carriers: ").append(c.carriers).append("; Spindle channels used by spindle and "
                + "loom-spindle: **").append(SpindleChannels.KIND).append("**\n\n");
        b.append(pipes(results(c))).append('\n');
        for (String line : legend(c)) {
            b.append(line.startsWith("  ") ? "  - " + line.strip() : "- " + line).append('\n');
        }
        b.append('\n');
        String errors = errors(c);
        if (!errors.isEmpty()) {
            b.append("Errors:\n\n```\n").append(errors).append("```\n\n");
        }
        List<List<String>> stats = stats(c);
        if (stats.size() > 1) {
            b.append("Spindle scheduler counters over the measured repetitions (`rt.stats()` deltas):\n\n");
            b.append(pipes(stats)).append('\n');
            for (String line : statsLegend()) {
                b.append("- ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    static String csv(Comparison c) {
        StringBuilder b = new StringBuilder("workload,impl,n,ops,unit,median,min,max,measured_reps,ratio_vs_spindle,"
                + "spindle_channels,error,spread_pct,verdict_vs_spindle\n");
        c.cells.forEach((w, row) -> row.forEach((impl, cell) -> {
            Result m = cell.median();
            double spread = Verdict.spread(cell.values());
            String verdict = impl.equals("spindle") ? "" : c.verdict(w, impl).kind().name().toLowerCase(Locale.ROOT);
            b.append(String.join(",", w, impl, String.valueOf(cell.n), m == null ? "" : String.valueOf(m.ops()),
                    m != null && m.measuresMemory() ? "bytes_per_task" : "ns_per_op",
                    m == null ? "" : num(m.value()), num(cell.min()), num(cell.max()),
                    String.valueOf(cell.measured.size()), ratio(c.ratioVsSpindle(w, impl)).replace("x", ""),
                    SpindleChannels.KIND, cell.error == null ? "" : '"' + cell.error.replace('"', '\'') + '"',
                    Double.isNaN(spread) ? "" : String.format(Locale.ROOT, "%.1f", spread * 100), verdict));
            b.append('\n');
        }));
        return b.toString();
    }

    private static boolean measuresMemory(Map<String, Comparison.Cell> row) {
        return row.values().stream().map(Comparison.Cell::median).filter(r -> r != null).findFirst()
                .map(Result::measuresMemory).orElse(false);
    }

    private static String errors(Comparison c) {
        StringBuilder b = new StringBuilder();
        c.cells.forEach((w, row) -> row.forEach((impl, cell) -> {
            if (cell.error != null) {
                b.append("ERROR ").append(w).append(' ').append(impl).append(": ").append(cell.error).append('\n');
            }
        }));
        return b.toString();
    }

    private static String aligned(List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                boolean left = i < 3 || i == r.size() - 1;
                String padded = left ? pad(cell, width[i]) : padLeft(cell, width[i]);
                b.append(i + 1 < r.size() ? padded + "  " : padded.stripTrailing());
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pipes(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            b.append("| ").append(String.join(" | ", rows.get(k))).append(" |\n");
            if (k == 0) {
                b.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
