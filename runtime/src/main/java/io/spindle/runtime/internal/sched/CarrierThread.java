package io.spindle.runtime.internal.sched;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A carrier: the platform thread that one {@link Worker} runs on. Fibers mount on it.
 * {@code Thread.currentThread()} inside a fiber returns this thread: a continuation runs on whatever
 * thread mounts it, and thread identity, ThreadLocals and LockSupport act on that carrier.
 */
public final class CarrierThread extends Thread {
    /** The worker this carrier runs. Written once before start. */
    private final Worker worker;
    /**
     * The fiber core (an {@code internal.fiber.FiberCore}) mounted on this carrier right now, or
     * null. Written only by this thread (mount/unmount); read by this thread, and racily by
     * diagnostics (dumps, the stall watchdog) as a hint.
     */
    private Object mounted;
    /**
     * The cooperative budget (Strand.cooperate) of the fiber mounted here: reset at every mount and
     * at every yield, spent by that fiber's operations. This thread only. It lives here rather than
     * in the fiber (Tokio keeps it per worker thread too) because it never outlives a mount: every
     * parked fiber is 4 bytes smaller for it (see FiberCore's overview: Cold fields).
     */
    private int budget;
    /**
     * Park with unlock (FiberCore's overview): the lock the fiber mounted here parks with, to be
     * released by this carrier after the unmount; null otherwise. Written by the fiber just before
     * its yield and taken by this carrier right after it (or by the fiber itself when the yield
     * failed): this thread only. Kept on the carrier, not the fiber (Go keeps waitunlockf on the
     * M), so that a parked fiber does not pay for it.
     */
    private Object parkLock;

    /*
     * Why current() goes through a MethodHandle.
     *
     * C2 compiles Thread.currentThread() as a load from immutable memory and commons every use in
     * one compiled method into one value, also across calls. That is right for platform and virtual
     * threads (a virtual thread's identity never changes), but a raw continuation can be resumed on
     * another carrier (stealing): after the park returns, a commoned Thread.currentThread() in the
     * fiber's compiled caller still names the carrier it ran on BEFORE the park. Measured here on
     * JDK 25: 3 wrong answers in 2.4M yields on 2 carriers, and a fiber that parked its old carrier
     * instead of yielding. (The JDK avoids this for its own code with @ChangesCurrentThread, which
     * only trusted classes may use.)
     *
     * So every "which carrier am I on" question that can be asked from inside a fiber calls
     * currentUncached() through a MethodHandle held in a NON-final static field: C2 cannot constant-
     * fold it, so it cannot inline the target, and the target reads the thread afresh on each call.
     * Cost: one indirect call (a few ns). Never replace this with Thread.currentThread().
     */
    private static MethodHandle currentHandle; // deliberately not final: see above
    static {
        try {
            currentHandle = MethodHandles.lookup().findStatic(CarrierThread.class, "currentUncached",
                    MethodType.methodType(CarrierThread.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The carrier the caller runs on right now, or null on any other thread. Safe in fibers. */
    public static CarrierThread current() {
        try {
            return (CarrierThread) currentHandle.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static CarrierThread currentUncached() {
        return Thread.currentThread() instanceof CarrierThread c ? c : null;
    }

    public Worker worker() {
        return worker;
    }

    /** The fiber core mounted here, or null. This thread: exact; any other thread: a racy hint. */
    public Object mounted() {
        return mounted;
    }

    /** This thread only: the fiber core that is about to run here. */
    public void mount(Object fiberCore) {
        mounted = fiberCore;
    }

    /** This thread only: a fresh budget for the fiber mounted (or about to be mounted) here. */
    public void resetBudget(int b) {
        budget = b;
    }

    /** This thread only: counts one operation against the mounted fiber's budget; true when it is spent. */
    public boolean spendBudget() {
        return --budget <= 0;
    }

    /** This thread only: the mounted fiber parks with {@code lock}; see {@link #parkLock}. */
    public void holdParkLock(Object lock) {
        parkLock = lock;
    }

    /** This thread only: the lock to release after the unmount (cleared), or null. */
    public Object takeParkLock() {
        Object l = parkLock;
        if (l != null) {
            parkLock = null;
        }
        return l;
    }

    /** This thread only: the fiber left the carrier. */
    public void unmount() {
        mounted = null;
    }

    CarrierThread(ThreadGroup group, Worker worker, String name) {
        super(group, null, name, 0, false);
        this.worker = worker;
    }

    /**
     * Linux: this thread's /proc/PID/task/TID/stat, or null (another OS, or /proc not mounted).
     * Written once by this thread when it starts; read by the stall watchdog (volatile).
     */
    private volatile String osStatPath;

    @Override
    public void run() {
        try {
            osStatPath = "/proc/" + Files.readSymbolicLink(Path.of("/proc/thread-self")) + "/stat"; // "PID/task/TID"
        } catch (IOException | RuntimeException notLinux) {
            // osState() answers '?'
        }
        worker.runLoop();
    }

    /**
     * Any thread (the stall watchdog): the kernel's state letter for this thread ('R' running or
     * runnable, 'S' sleeping in a system call, 'D' uninterruptible I/O, ...), or '?' when unknown.
     * Tells a carrier blocked in a native call ('S', 'D') from one that runs Java code which calls
     * short natives ('R'), which a stack sample cannot: threads in native code are sampled there.
     */
    public char osState() {
        String p = osStatPath;
        if (p == null) {
            return '?';
        }
        try {
            String stat = Files.readString(Path.of(p));
            int close = stat.lastIndexOf(')'); // after the command name, which may contain anything
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
