package io.spindle.bench.compare;

import java.util.List;
import java.util.Locale;

/**
 * How an implementation's measured repetitions compare with spindle's, judged against this run's
 * own noise. Lower is better for every unit (ns/op and bytes/task).
 *
 * <p>The spread of a cell is the median absolute deviation (MAD) of its measured repetitions, as
 * a fraction of their median: half the repetitions lie within median ± MAD, and one outlier
 * repetition (a burst of load from another process) does not stretch it, as it would a min-max
 * range. The rule: a difference is a <b>tie</b> when the two medians are closer than the two MADs
 * added (the median ± MAD bands overlap), or closer than {@link #TIE_FLOOR}; otherwise the lower
 * median wins. With fewer than two measured repetitions on either side there is no spread to judge
 * by, and a difference beyond the floor is {@link Kind#UNJUDGED}.
 *
 * @param kind  the outcome, from spindle's side
 * @param ratio other's median over spindle's (above 1: spindle is faster or smaller); NaN if unknown
 */
public record Verdict(Kind kind, double ratio) {
    /** From spindle's side. */
    public enum Kind { WIN, LOSS, TIE, UNJUDGED, MISSING }

    /**
     * Medians closer than this fraction are a tie whatever the spread: a floor under which a
     * difference is not reported as a result even by a quiet run with tight repetitions (timer and
     * GC granularity; parked's heap accounting moves by a few bytes per task). A chosen value, not
     * a measured one; override with {@code -Dspindle.bench.tieFloor=0.05}.
     */
    public static final double TIE_FLOOR = Double.parseDouble(System.getProperty("spindle.bench.tieFloor", "0.03"));

    /** Judges {@code other}'s measured values against {@code spindle}'s. */
    public static Verdict of(List<Double> spindle, List<Double> other) {
        if (spindle.isEmpty() || other.isEmpty()) {
            return new Verdict(Kind.MISSING, Double.NaN);
        }
        double s = median(spindle);
        double o = median(other);
        if (s == 0) {
            return new Verdict(o == 0 ? Kind.TIE : Kind.UNJUDGED, o == 0 ? 1 : Double.NaN);
        }
        double ratio = o / s;
        if (Math.abs(ratio - 1) < TIE_FLOOR) {
            return new Verdict(Kind.TIE, ratio);
        }
        if (spindle.size() < 2 || other.size() < 2) {
            return new Verdict(Kind.UNJUDGED, ratio);
        }
        if (Math.abs(o - s) <= mad(spindle) + mad(other)) {
            return new Verdict(Kind.TIE, ratio);
        }
        return new Verdict(ratio > 1 ? Kind.WIN : Kind.LOSS, ratio);
    }

    /** The median: the middle value, or the mean of the middle two (as {@code Runner.median}). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = v.length;
        return k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
    }

    /** The median absolute deviation: the median of the distances of the values from their median. */
    static double mad(List<Double> values) {
        double m = median(values);
        return median(values.stream().map(v -> Math.abs(v - m)).toList());
    }

    /** The spread of a cell: {@link #mad} over the median (NaN with fewer than 2 values): the "±" of a cell. */
    static double spread(List<Double> values) {
        double m = median(values);
        return values.size() < 2 || m == 0 ? Double.NaN : mad(values) / m;
    }

    /**
     * Spindle's side in words, against {@code other}: "1.30x faster than go", "tie with go (1.04x)",
     * "2.10x slower than go"; {@code bytes} words it as smaller and larger.
     */
    public String describe(String other, boolean bytes) {
        String better = bytes ? "smaller" : "faster";
        String worse = bytes ? "larger" : "slower";
        return switch (kind) {
            case WIN -> String.format(Locale.ROOT, "%.2fx %s than %s", ratio, better, other);
            case LOSS -> String.format(Locale.ROOT, "%.2fx %s than %s", 1 / ratio, worse, other);
            case TIE -> String.format(Locale.ROOT, "tie with %s (%.2fx)", other, ratio);
            case UNJUDGED -> String.format(Locale.ROOT, "%.2fx vs %s (1 rep: no spread to judge)", ratio, other);
            case MISSING -> "-";
        };
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
