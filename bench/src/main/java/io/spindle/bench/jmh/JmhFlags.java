package io.spindle.bench.jmh;

/**
 * JVM flags for JMH's forked JVMs (constants, for {@code @Fork(jvmArgsAppend = ...)}). JMH forks
 * with {@code -cp}, where the jar manifest's Add-Exports/Add-Opens do not apply. The CompileCommand
 * flags are {@link io.spindle.bench.JitWorkaround}'s, for the stale-{@code Fiber.current()} runtime bug.
 */
final class JmhFlags {
    static final String EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String JIT_1 = "-XX:CompileCommand=quiet";
    static final String JIT_2 = "-XX:CompileCommand=dontinline,io.spindle.runtime.Fiber::current";
    static final String JIT_3 = "-XX:CompileCommand=dontinline,io.spindle.runtime.Fiber::countPinned";
    static final String JIT_4 = "-XX:CompileCommand=dontinline,io.spindle.runtime.internal.Scheduler::currentWorker";
    static final String JIT_5 = "-XX:CompileCommand=dontinline,io.spindle.runtime.internal.Scheduler::currentCarrierWorker";

    private JmhFlags() {
    }
}
