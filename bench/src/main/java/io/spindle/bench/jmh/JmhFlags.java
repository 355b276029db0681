package io.spindle.bench.jmh;

/**
 * JVM flags for JMH's forked JVMs (constants, for {@code @Fork(jvmArgsAppend = ...)}). JMH forks
 * with {@code -cp}, where the jar manifest's Add-Exports/Add-Opens do not apply.
 */
final class JmhFlags {
    static final String EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private JmhFlags() {
    }
}
