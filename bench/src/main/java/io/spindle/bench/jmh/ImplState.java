package io.spindle.bench.jmh;

import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One implementation per trial, on a scheduler with the default number of carriers (one per core). */
@State(Scope.Benchmark)
public class ImplState {
    @Param({"spindle", "loom-juc", "loom-jox", "loom-spindle"})
    public String impl;

    public Impl instance;

    @Setup(Level.Trial)
    public void setUp() {
        instance = Impls.create(impl, carriers());
    }

    /** Carriers for spindle and loom-spindle; Loom's own scheduler is sized by its fork's flags. */
    protected int carriers() {
        return Impls.defaultCarriers();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        instance.close();
    }
}
