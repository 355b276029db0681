package io.spindle.bench.compare;
public final class Compare { public static int main(io.spindle.bench.Args a) { return 0; } }
