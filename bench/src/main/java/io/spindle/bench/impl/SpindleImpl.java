package io.spindle.bench.impl;

import io.spindle.bench.chan.ChannelFamily;
import io.spindle.bench.chan.SpindleChannels;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/** {@code spindle}: Spindle fibers on a Spindle runtime, Spindle channels. */
public final class SpindleImpl implements Impl {
    private final Runtime rt;
    private final ChannelFamily channels = new SpindleChannels();
    private final TaskFailures failures = new TaskFailures();

    public SpindleImpl(int carriers) {
        this.rt = Runtime.builder().carriers(carriers).name("bench-spindle").build();
    }

    @Override
    public String name() {
        return "spindle";
    }

    @Override
    public <T> T run(Callable<T> main) throws Exception {
        T result;
        try {
            result = rt.run(main);
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        failures.rethrow();
        return result;
    }

    @Override
    public Task spawn(Runnable body) {
        Fiber<Void> f = rt.spawn(failures.wrap(body));
        return f::join;
    }

    @Override
    public ChannelFamily channels() {
        return channels;
    }

    @Override
    public Parker parker() {
        return Parker.STRAND;
    }

    @Override
    public void yieldNow() {
        Fiber.yieldNow();
    }

    @Override
    public Runtime spindleRuntime() {
        return rt;
    }

    @Override
    public void close() {
        rt.close();
    }
}
