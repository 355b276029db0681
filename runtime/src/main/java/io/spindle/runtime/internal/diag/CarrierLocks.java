package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * What the JVM says about the locks of a carrier thread (ThreadMXBean), in words, for stall reports,
 * monitor deadlocks and close(). Measured facts behind it (docs/embedding.md: Monitors): a carrier
 * blocked entering a monitor whose owner is a parked fiber gets no lock info at all (null, owner -1);
 * once the owner fiber is mounted somewhere, the lock is named and its owner is that carrier.
 */
public final class CarrierLocks {
    /** Loaded on first use (the stall watchdog's thread touches it when it starts): ManagementFactory costs tens of ms. */
    private static final class Threads {
        public static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    }

    /** Lock owner id meaning "the JVM does not say". */
    public static final long UNKNOWN_OWNER = -1;

    private CarrierLocks() {
    }

    public static ThreadInfo info(Thread t) {
        try {
            ThreadInfo[] infos = Threads.MX.getThreadInfo(new long[] {t.threadId()}, true, false);
            return infos.length > 0 ? infos[0] : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** ThreadMXBean's name of a lock: class name @ identity hash in hex. */
    public static String name(LockInfo li) {
        return li.getClassName() + "@" + Integer.toHexString(li.getIdentityHashCode());
    }

    /** The lock {@code carrier} waits for and its owner, or a sentence saying that the JVM does not name it. */
    public static String waitedFor(Thread carrier, Scheduler scheduler, boolean monitor) {
        ThreadInfo ti = info(carrier);
        LockInfo li = ti == null ? null : ti.getLockInfo();
        if (li == null) {
            return monitor
                    ? "the JVM does not name the lock: its owner is a parked fiber (one that parked inside synchronized)"
                    : "";
        }
        StringBuilder b = new StringBuilder(name(li));
        if (ti.getLockOwnerId() != UNKNOWN_OWNER) {
            b.append(" owned by ").append(ownerName(scheduler, ti.getLockOwnerId(), ti.getLockOwnerName()));
        }
        return b.toString();
    }

    /** The monitors the fiber mounted on {@code carrier} holds (frames on the carrier's stack), as ", holds X, Y", or "". */
    public static String held(Thread carrier) {
        ThreadInfo ti = info(carrier);
        if (ti == null || ti.getLockedMonitors().length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("; it holds ");
        MonitorInfo[] held = ti.getLockedMonitors();
        for (int i = 0; i < held.length; i++) {
            b.append(i == 0 ? "" : ", ").append(name(held[i]));
        }
        return b.toString();
    }

    /** The lock's owner when the JVM names one: our carrier (then the fiber on it) or a foreign thread. */
    public static long ownerId(Thread carrier) {
        ThreadInfo ti = info(carrier);
        return ti == null ? UNKNOWN_OWNER : ti.getLockOwnerId();
    }

    /** The worker whose carrier has this thread id, or null. */
    public static Worker workerOf(Scheduler scheduler, long threadId) {
        for (Worker w : scheduler.workers()) {
            Thread c = w.carrier();
            if (c != null && c.threadId() == threadId) {
                return w;
            }
        }
        return null;
    }

    /** "fiber "x" (#id) on carrier c" when the owner thread is one of our carriers, else "thread t". */
    public static String ownerName(Scheduler scheduler, long threadId, String threadName) {
        Worker w = workerOf(scheduler, threadId);
        if (w == null) {
            return "thread \"" + threadName + "\"";
        }
        return w.mountedTask() instanceof FiberCore f
                ? "fiber \"" + f.name() + "\" (#" + f.id() + ") on carrier " + w.carrierName()
                : "carrier " + w.carrierName();
    }
}
