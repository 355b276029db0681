package io.spindle.runtime.jfr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Whether JFR has started in this JVM. Until it has, Spindle does not even load its event classes:
 * loading a {@code jdk.jfr.Event} subclass makes the JVM call into JFR to instrument it, which costs
 * hundreds of milliseconds of class loading at the first spawn of a program that never records.
 * A {@link FlightRecorderListener} flips the flag when the recorder initializes (at
 * {@code -XX:StartFlightRecording}, the first {@code jdk.jfr.Recording}, or {@code jcmd JFR.start});
 * from then on the per-event {@code isEnabled()} checks of {@link SpindleEvents} decide.
 */
public final class JfrGate implements FlightRecorderListener {
    private static final VarHandle STARTED;

    static {
        try {
            STARTED = MethodHandles.lookup().findStaticVarHandle(JfrGate.class, "started", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written once (false -> true) by the JFR thread that initializes the recorder; read by every probe. */
    @SuppressWarnings("unused") private static volatile boolean started;

    private JfrGate() {
    }

    /**
     * Opaque read: the probes need only to see the flag eventually (a recording that has just
     * started may miss a few events), not any ordering with other memory.
     */
    public static boolean started() {
        return (boolean) STARTED.getOpaque();
    }

    /** Installs the listener; if the recorder is up already, the listener runs at once. Never throws. */
    public static boolean install() {
        try {
            FlightRecorder.addListener(new JfrGate());
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false; // no usable JFR: Spindle's events stay off
        }
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        STARTED.setVolatile(true);
    }
}
