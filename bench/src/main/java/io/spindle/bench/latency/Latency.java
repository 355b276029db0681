package io.spindle.bench.latency;
public final class Latency { public static int main(io.spindle.bench.Args a) { return 0; } }
