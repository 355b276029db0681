package io.spindle.bench.regress;

import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Process CPU time per operation of one workload on Spindle, next to wall time: a measure that a
 * loaded machine moves less than wall time (docs/benchmarks.md, "spawn, skynet and sieve against
 * the first release"). Counts every thread of the JVM (carriers, GC, JIT), with the granularity of
 * the OS's CPU clock (10 ms here: run enough operations per repetition).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
 *      [-Dcarriers=C] -cp bench/target/spindle-bench.jar io.spindle.bench.regress.CpuPerOp WORKLOAD N WARMUP REPS
 * </pre>
 */
public final class CpuPerOp {
    private CpuPerOp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: CpuPerOp WORKLOAD N WARMUP REPS   (workloads: " + Workloads.ALL.stream().map(Workload::name).toList() + ")");
            System.exit(2);
        }
        String name = args[0];
        long n = Long.parseLong(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Workload w = Workloads.byName(name);
        double[] cpu = new double[reps];
        double[] wall = new double[reps];
        try (Impl impl = Impls.create("spindle", Integer.getInteger("carriers", 2))) {
            for (int i = 0; i < warmup + reps; i++) {
                System.gc();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                w.run(impl, n);
                long c1 = os.getProcessCpuTime();
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    cpu[i - warmup] = (c1 - c0) / (double) n;
                    wall[i - warmup] = (t1 - t0) / (double) n;
                }
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("%s cpu_med=%.1f cpu_min=%.1f cpu_max=%.1f wall_med=%.1f wall_min=%.1f%n",
                name, cpu[reps / 2], cpu[0], cpu[reps - 1], wall[reps / 2], wall[0]);
    }
}
