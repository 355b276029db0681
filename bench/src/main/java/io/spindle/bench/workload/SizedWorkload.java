package io.spindle.bench.workload;

/** A {@link Workload} with fixed names and sizes, so that each workload class holds only its body. */
abstract class SizedWorkload implements Workload {
    private final String name;
    private final long defaultN;
    private final long quickN;
    private final long tinyN;

    SizedWorkload(String name, long defaultN, long quickN, long tinyN) {
        this.name = name;
        this.defaultN = defaultN;
        this.quickN = quickN;
        this.tinyN = tinyN;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long defaultN() {
        return defaultN;
    }

    @Override
    public final long quickN() {
        return quickN;
    }

    @Override
    public final long tinyN() {
        return tinyN;
    }
}
