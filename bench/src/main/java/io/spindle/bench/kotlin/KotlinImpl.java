package io.spindle.bench.kotlin;

import io.spindle.bench.Result;
import io.spindle.bench.impl.ImplRunner;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.WrongResultException;

/**
 * The {@code kotlin} reference implementation for the harness: {@link KotlinWorkloads} (Kotlin
 * coroutines, kotlinx channels and select; bench/src/main/kotlin) in this JVM, timed exactly as the
 * Java implementations are (around the whole repetition). A failed Kotlin self-check becomes a
 * {@link WrongResultException}.
 */
public final class KotlinImpl implements ImplRunner {
    private final KotlinWorkloads workloads;

    public KotlinImpl(int carriers) {
        this.workloads = new KotlinWorkloads(carriers);
    }

    /** A one-line description for compare's legend. */
    public static String describe(int carriers) {
        return KotlinWorkloads.describe(carriers);
    }

    @Override
    public String name() {
        return "kotlin";
    }

    @Override
    public Result runOnce(Workload w, long n) {
        long t0 = System.nanoTime();
        Outcome o;
        try {
            o = workloads.run(w.name(), n);
        } catch (KotlinWrongResultException e) {
            throw new WrongResultException("kotlin: " + e.getMessage());
        }
        long t1 = System.nanoTime();
        return new Result(w.name(), name(), o.getOps(), (t1 - t0) / 1e6, o.getBytesPerTask());
    }

    @Override
    public void close() {
        // Dispatchers.Default is shared and its idle threads park: nothing to release.
    }
}
