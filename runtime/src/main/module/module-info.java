/**
 * Spindle's runtime: fibers on JDK continuations, the work-stealing scheduler, the park/wake API
 * ({@code Strand}) in {@code io.spindle.runtime}; stats, fiber dumps and the MXBean in
 * {@code io.spindle.runtime.observe}; JFR events in {@code io.spindle.runtime.jfr}; TCP sockets that
 * park fibers in {@code io.spindle.net}.
 *
 * <p>Only the API packages are exported; {@code io.spindle.runtime.internal.*} is not. On the
 * module path the JVM needs one flag, {@code --add-exports java.base/jdk.internal.vm=io.spindle.runtime}
 * (fibers are {@code jdk.internal.vm.Continuation}s); without it the first use of Spindle throws
 * {@code MissingJvmFlagException} naming it. Virtual threads on Spindle's scheduler also need
 * {@code --add-opens java.base/java.lang=io.spindle.runtime}. No third-party module is required.
 *
 * <p>This descriptor is compiled into the jar's multi-release section ({@code META-INF/versions/25}):
 * see the {@code module-info} execution in {@code runtime/pom.xml}.
 */
module io.spindle.runtime {
    requires java.management;   // the stats MXBean, ThreadMXBean in the deadlock detector
    requires jdk.jfr;           // io.spindle.runtime.jfr events
    requires jdk.httpserver;    // the live web console (Runtime.Builder.console), internal.console

    exports io.spindle.runtime;
    exports io.spindle.runtime.observe;
    exports io.spindle.runtime.jfr;
    exports io.spindle.net;       // sockets that park fibers (docs/net.md)
}
