package io.spindle.bench.compare;

import io.spindle.bench.Result;
import io.spindle.bench.chan.SpindleChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Comparison}: the results table (text and Markdown), the stats table, and CSV. */
final class Tables {
    private Tables() {
    }

    /** Medians with ratios against spindle: one row per workload. */
    static List<List<String>> results(Comparison c) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("workload", "n", "unit"));
        head.addAll(c.impls);
        head.add("best loom-juc/jox vs spindle");
        rows.add(head);
        for (Map.Entry<String, Map<String, Comparison.Cell>> e : c.cells.entrySet()) {
            String w = e.getKey();
            List<String> row = new ArrayList<>();
            row.add(w);
            Comparison.Cell any = e.getValue().values().iterator().next();
            row.add(String.valueOf(any.n));
            Result sample = e.getValue().values().stream().map(Comparison.Cell::median)
                    .filter(r -> r != null).findFirst().orElse(null);
            row.add(sample != null && sample.measuresMemory() ? "bytes/task" : "ns/op");
            for (String impl : c.impls) {
                Comparison.Cell cell = c.cell(w, impl);
                Result m = cell.median();
                if (cell.error != null) {
                    row.add("ERROR");
                } else if (m == null) {
                    row.add("-");
                } else if (impl.equals("spindle")) {
                    row.add(num(m.value()));
                } else {
                    row.add(num(m.value()) + " (" + ratio(c.ratioVsSpindle(w, impl)) + ")");
                }
            }
            double best = Math.min(nanToMax(c.ratioVsSpindle(w, "loom-juc")), nanToMax(c.ratioVsSpindle(w, "loom-jox")));
            row.add(best == Double.MAX_VALUE ? "-" : ratio(best) + (best > 1 ? " spindle wins" : " spindle loses"));
            rows.add(row);
        }
        return rows;
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

    static String text(Comparison c) {
        return aligned(results(c)) + "\n(ratio = impl / spindle: above 1 means spindle is faster or smaller; medians of "
                + (c.reps - c.warmup) + " reps after " + c.warmup + " warm-up; Spindle channels: " + SpindleChannels.KIND
                + ")\n" + errors(c) + "\nSpindle scheduler stats over the measured reps:\n" + aligned(stats(c));
    }

    static String markdown(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("# Spindle vs Loom: compare\n\n");
        b.append("- date: ").append(c.date).append('\n');
        b.append("- command: `java -jar bench/target/spindle-bench.jar ").append(c.command.strip()).append("`\n");
        b.append("- machine: ").append(java.lang.Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", JDK ").append(System.getProperty("java.runtime.version")).append(", Spindle carriers: ")
                .append(c.carriers).append('\n');
        b.append("- Spindle channels used by spindle and loom-spindle: **").append(SpindleChannels.KIND).append("**\n");
        b.append("- medians of ").append(c.reps - c.warmup).append(" repetitions after ").append(c.warmup)
                .append(" warm-up; ratio = impl / spindle (above 1: spindle is faster or smaller)\n\n");
        b.append(pipes(results(c))).append('\n');
        String errors = errors(c);
        if (!errors.isEmpty()) {
            b.append("Errors:\n\n```\n").append(errors).append("```\n\n");
        }
        b.append("Spindle scheduler counters over the measured repetitions (`rt.stats()` deltas):\n\n");
        b.append(pipes(stats(c)));
        return b.toString();
    }

    static String csv(Comparison c) {
        StringBuilder b = new StringBuilder(
                "workload,impl,n,ops,unit,median,min,max,measured_reps,ratio_vs_spindle,spindle_channels,error\n");
        c.cells.forEach((w, row) -> row.forEach((impl, cell) -> {
            Result m = cell.median();
            b.append(String.join(",", w, impl, String.valueOf(cell.n), m == null ? "" : String.valueOf(m.ops()),
                    m != null && m.measuresMemory() ? "bytes_per_task" : "ns_per_op",
                    m == null ? "" : num(m.value()), num(cell.min()), num(cell.max()),
                    String.valueOf(cell.measured.size()), ratio(c.ratioVsSpindle(w, impl)).replace("x", ""),
                    SpindleChannels.KIND, cell.error == null ? "" : '"' + cell.error.replace('"', '\'') + '"'));
            b.append('\n');
        }));
        return b.toString();
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
                b.append(i < 3 ? pad(cell, width[i]) : padLeft(cell, width[i])).append(i + 1 < r.size() ? "  " : "");
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

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static double nanToMax(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }
}
