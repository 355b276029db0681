package io.spindle.bench.jmh;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The implementations whose park/unpark differ (loom-jox parks exactly like loom-juc: LockSupport on Loom). */
@State(Scope.Benchmark)
public class ParkImplState extends ImplState {
    @Param({"spindle", "loom-juc", "loom-spindle"})
    public String impl;

    @Override
    public void setUp() {
        super.impl = impl;
        super.setUp();
    }
}
