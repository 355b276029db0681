package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.sched.CarrierThread;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Diagnostic mode: refuses a park while the carrier holds a {@code synchronized} monitor (see
 * docs/embedding.md). Asks {@link ThreadMXBean} for the carrier's locked monitors, which walks the
 * carrier's stack (the mounted fiber's frames included): slow, meant for tests and debugging only.
 */
public final class MonitorCheck {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MonitorCheck() {
    }

    /**
     * Null if the current carrier holds no monitor; else the message of the refusal, which the
     * caller throws as the API's SynchronizedParkException.
     */
    public static String monitorHeld(String fiberName) {
        CarrierThread carrier = CarrierThread.current();
        if (carrier == null) {
            return null;
        }
        ThreadInfo[] infos = THREADS.getThreadInfo(new long[] {carrier.threadId()}, true, false);
        if (infos.length == 0 || infos[0] == null) {
            return null;
        }
        MonitorInfo[] held = infos[0].getLockedMonitors();
        if (held.length == 0) {
            return null;
        }
        MonitorInfo m = held[0];
        StackTraceElement where = m.getLockedStackFrame();
        return "fiber " + fiberName + " tried to park while holding the monitor of "
                + m.getClassName() + "@" + Integer.toHexString(m.getIdentityHashCode())
                + (where != null ? " (locked at " + where + ")" : "")
                + ". JDK 25 does not pin a fiber's continuation on a synchronized monitor: parking here would let"
                + " another fiber on the same carrier enter it, silently breaking mutual exclusion."
                + " Use io.spindle.sync.Mutex instead of synchronized around Spindle operations"
                + " (channel send/receive, select, sleep, join, park), or move the operation out of the block.";
    }
}
