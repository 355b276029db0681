package io.spindle.runtime.internal.fiber;

/**
 * Implemented by a thread whose unparks deserve their own cause in traces and JFR wake events
 * (FiberCore.unpark asks the current thread). The network poller thread says {@code netpoll}.
 */
public interface WakeCause {
    /** The cause recorded for a wake-up done by this thread, e.g. {@code "netpoll"}. */
    String wakeCause();
}
