package io.spindle.bench.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ParkImplState} on one carrier: Spindle runtimes with one carrier; Loom's default scheduler
 * gets one through its fork's {@code -Djdk.virtualThreadScheduler.parallelism=1}.
 */
@State(Scope.Benchmark)
public class OneCarrierState extends ParkImplState {
    @Override
    protected int carriers() {
        return 1;
    }
}
