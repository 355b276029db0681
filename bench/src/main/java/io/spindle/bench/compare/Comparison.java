package io.spindle.bench.compare;

import io.spindle.bench.Result;
import io.spindle.bench.Runner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data of one compare run: every repetition, failures, medians, and Spindle scheduler stats. */
final class Comparison {
    /** A cell: one workload on one implementation. */
    static final class Cell {
        final List<Result> all = new ArrayList<>();
        final List<Result> measured = new ArrayList<>();
        long n;
        String error;
        StatsDelta stats;

        Result median() {
            return measured.isEmpty() ? null : Runner.median(measured, 0);
        }

        double min() {
            return measured.stream().mapToDouble(Result::value).min().orElse(Double.NaN);
        }

        double max() {
            return measured.stream().mapToDouble(Result::value).max().orElse(Double.NaN);
        }

        /** The measured repetitions' values (ns/op or bytes/task). */
        List<Double> values() {
            return measured.stream().map(Result::value).toList();
        }
    }

    final List<String> impls;
    final String command;
    final int reps;
    final int warmup;
    final int carriers;
    final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** The machine when the run started (cores, JDK, load average); {@link #end} has the load at the end. */
    final Machine start = Machine.detect();
    Machine end;
    /** One line each: implementations left out and why (go without a toolchain). */
    final List<String> notes = new ArrayList<>();
    /** workload -> impl -> cell, in run order. */
    final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();

    Comparison(List<String> impls, String command, int reps, int warmup, int carriers) {
        this.impls = impls;
        this.command = command;
        this.reps = reps;
        this.warmup = warmup;
        this.carriers = carriers;
    }

    Cell cell(String workload, String impl) {
        return cells.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(impl, k -> new Cell());
    }

    void add(Result r, boolean warmupRep) {
        Cell c = cell(r.workload(), r.impl());
        c.all.add(r);
        if (!warmupRep) {
            c.measured.add(r);
        }
    }

    void fail(String workload, String impl, String error) {
        cell(workload, impl).error = error;
    }

    boolean failed(String workload, String impl) {
        Map<String, Cell> row = cells.get(workload);
        return row != null && row.containsKey(impl) && row.get(impl).error != null;
    }

    boolean hasFailures() {
        return cells.values().stream().flatMap(m -> m.values().stream()).anyMatch(c -> c.error != null);
    }

    void addStats(String workload, String impl, StatsDelta d) {
        cell(workload, impl).stats = d;
    }

    /** How {@code impl} compares with spindle on {@code workload}, judged against the measured spread. */
    Verdict verdict(String workload, String impl) {
        if (!impls.contains("spindle") || cell(workload, "spindle").error != null || cell(workload, impl).error != null) {
            return new Verdict(Verdict.Kind.MISSING, Double.NaN);
        }
        return Verdict.of(cell(workload, "spindle").values(), cell(workload, impl).values());
    }

    /** impl's median over spindle's (above 1: spindle is faster or smaller); NaN if either is missing. */
    double ratioVsSpindle(String workload, String impl) {
        Result s = cell(workload, "spindle").median();
        Result x = cell(workload, impl).median();
        return s == null || x == null || s.value() == 0 ? Double.NaN : x.value() / s.value();
    }

    List<String> allLines() {
        List<String> lines = new ArrayList<>();
        cells.values().forEach(row -> row.values().forEach(c -> c.all.forEach(r -> lines.add(r.line()))));
        return lines;
    }
}
