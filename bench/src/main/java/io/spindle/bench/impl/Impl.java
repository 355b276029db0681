package io.spindle.bench.impl;

import io.spindle.bench.chan.ChannelFamily;
import io.spindle.runtime.Runtime;
import java.util.concurrent.Callable;

/**
 * One implementation of the benchmark contract's table (docs/benchmarks.md: Implementations): a kind of task (Spindle fiber or virtual thread on a
 * given scheduler) plus a {@link ChannelFamily}. Workloads are written once against this interface.
 * Failures in spawned tasks are collected and rethrown by {@link #run}.
 */
public interface Impl extends AutoCloseable {
    /** The name used on the command line and in result lines: spindle, loom-juc, loom-jox, loom-spindle. */
    String name();

    /** Runs {@code main} as a task and blocks the calling platform thread until it ends. */
    <T> T run(Callable<T> main) throws Exception;

    /** Starts a task; callable from tasks and from plain threads. */
    Task spawn(Runnable body);

    /** This implementation's channels, select and wait group. */
    ChannelFamily channels();

    /** Park/unpark of the current task (for latency and JMH hand-off benchmarks). */
    Parker parker();

    /** Lets other tasks run: {@code Fiber.yieldNow()} or {@code Thread.yield()} in a virtual thread. */
    void yieldNow();

    /** The Spindle runtime behind this implementation (for its stats), or null for Loom's scheduler. */
    Runtime spindleRuntime();

    @Override
    void close();
}
