package io.spindle.bench.impl;

import io.spindle.bench.Result;
import io.spindle.bench.Runner;
import io.spindle.bench.workload.Workload;
import io.spindle.runtime.Runtime;

/**
 * Something the harness can time a workload on, by implementation name: one of the four
 * {@link Impl}s, which run the workloads' shared Java bodies ({@link #of}), or a reference
 * implementation with its own workload code ({@code kotlin}: {@code io.spindle.bench.kotlin.KotlinImpl};
 * {@code go}: {@code io.spindle.bench.go.GoImpl}). {@link Impls#runner} makes them.
 */
public interface ImplRunner extends AutoCloseable {
    /** The implementation's name, as in result lines. */
    String name();

    /**
     * Runs one repetition of {@code w} with size {@code n}, timed around the whole repetition
     * (task start and teardown included); a failed self-check throws.
     */
    Result runOnce(Workload w, long n) throws Exception;

    /** The Spindle runtime behind this implementation (for its stats), or null. */
    default Runtime spindleRuntime() {
        return null;
    }

    @Override
    void close();

    /** An {@link Impl} running the shared Java workload bodies ({@link Workload#run}). */
    static ImplRunner of(Impl impl) {
        return new ImplRunner() {
            @Override
            public String name() {
                return impl.name();
            }

            @Override
            public Result runOnce(Workload w, long n) throws Exception {
                return Runner.once(w, impl, n);
            }

            @Override
            public Runtime spindleRuntime() {
                return impl.spindleRuntime();
            }

            @Override
            public void close() {
                impl.close();
            }
        };
    }
}
