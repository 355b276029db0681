package io.spindle.bench.impl;

import io.spindle.bench.chan.ChannelFamily;
import io.spindle.runtime.Runtime;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;

/**
 * The three Loom implementations: JDK virtual threads from a given builder (the default
 * ForkJoinPool scheduler, or Spindle's through {@code Runtime.virtualThreadBuilder()}) with a
 * given {@link ChannelFamily}. {@link Impls} makes them.
 */
final class VirtualThreadImpl implements Impl {
    private final String name;
    private final ThreadFactory threads;
    private final ChannelFamily channels;
    private final Runtime spindle; // null: the JDK's default scheduler
    private final TaskFailures failures = new TaskFailures();

    VirtualThreadImpl(String name, ThreadFactory threads, ChannelFamily channels, Runtime spindle) {
        this.name = name;
        this.threads = threads;
        this.channels = channels;
        this.spindle = spindle;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T run(Callable<T> main) throws Exception {
        FutureTask<T> task = new FutureTask<>(main);
        threads.newThread(task).start();
        T result;
        try {
            result = task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        failures.rethrow();
        return result;
    }

    @Override
    public Task spawn(Runnable body) {
        Thread t = threads.newThread(failures.wrap(body));
        t.start();
        return () -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining " + t, e);
            }
        };
    }

    @Override
    public ChannelFamily channels() {
        return channels;
    }

    @Override
    public Parker parker() {
        return Parker.LOCK_SUPPORT;
    }

    @Override
    public void yieldNow() {
        Thread.yield();
    }

    @Override
    public Runtime spindleRuntime() {
        return spindle;
    }

    @Override
    public void close() {
        if (spindle != null) {
            spindle.close();
        }
    }
}
