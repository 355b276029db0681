/**
 * Spindle's channels and sync primitives: {@code Channel}, {@code Select}, {@code WaitGroup},
 * {@code Mutex} and the rest, built only on the runtime's public park/wake API. Requires the runtime
 * transitively, so that {@code requires io.spindle.channels} is enough for a program that uses both.
 * {@code io.spindle.sync.internal} is not exported.
 *
 * <p>Compiled into the jar's multi-release section ({@code META-INF/versions/25}): see the
 * {@code module-info} execution in {@code channels/pom.xml}.
 */
module io.spindle.channels {
    requires transitive io.spindle.runtime;

    exports io.spindle.channels;
    exports io.spindle.sync;
}
