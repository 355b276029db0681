package io.spindle.bench.workload;

import java.util.List;

/** The workloads (docs/benchmarks.md: Workloads) by name, in report order. */
public final class Workloads {
    public static final List<Workload> ALL = List.of(new Spawn(), new Skynet(), new PingPong(), new Ring(),
            new Sieve(), new ProdCons(), new FanIn(), new Parked());

    private Workloads() {
    }

    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; one of "
                + ALL.stream().map(Workload::name).toList());
    }
}
