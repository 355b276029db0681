package io.spindle.runtime.internal.trace;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.internal.CarrierThread;
import io.spindle.runtime.internal.Scheduler;
import io.spindle.runtime.internal.Worker;
import io.spindle.runtime.jfr.JfrGate;
import io.spindle.runtime.jfr.SpindleEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The runtime's observation points: each method is called from one place in the scheduler or in
 * Fiber and feeds the JFR events (io.spindle.runtime.jfr) and the execution tracer ({@link Tracer}).
 *
 * <p>Cost when nobody watches: each method is small enough for C2 to inline into its call site,
 * where what is left is (1) for JFR, one opaque load of {@link JfrGate#started()} (false until a
 * recorder starts in this JVM; until then the event classes are not even loaded), and after that
 * {@code XEvent.EVENT.isEnabled()} (see {@link SpindleEvents}); (2) for the tracer, one acquire load
 * of {@link #tracers} and a length check (a plain load on x86 and on ARM a load-acquire). Nothing is
 * allocated unless an event is recorded.
 */
public final class Probe {
    /**
     * jdk.jfr is an optional module: without it, the event classes are never touched. Override:
     * -Dspindle.jfr=false leaves Spindle's JFR events out entirely.
     */
    static final boolean JFR = !"false".equals(System.getProperty("spindle.jfr"))
            && ModuleLayer.boot().findModule("jdk.jfr").isPresent() && JfrGate.install();
    private static final Tracer[] NONE = new Tracer[0];
    private static final VarHandle TRACERS;

    static {
        try {
            TRACERS = MethodHandles.lookup().findStaticVarHandle(Probe.class, "tracers", Tracer[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Active tracers, copy-on-write. Written by activate/deactivate (under the class lock); read by every probe. */
    @SuppressWarnings("unused") private static volatile Tracer[] tracers = NONE;

    private Probe() {
    }

    private static Tracer[] laTracers() { return (Tracer[]) TRACERS.getAcquire(); } // pairs with soTracers
    private static void soTracers(Tracer[] v) { TRACERS.setRelease(v); }           // publishes a built Tracer

    static synchronized void activate(Tracer t) {
        Tracer[] cur = laTracers();
        for (Tracer x : cur) {
            if (x.scheduler == t.scheduler) {
                throw new IllegalStateException("runtime '" + t.scheduler.name() + "' is being traced already");
            }
        }
        Tracer[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = t;
        soTracers(next);
    }

    static synchronized void deactivate(Tracer t) {
        Tracer[] cur = laTracers();
        soTracers(Arrays.stream(cur).filter(x -> x != t).toArray(Tracer[]::new));
    }

    /** The tracer of {@code s}, or null. Called only when some tracer is active. */
    private static Tracer tracerOf(Tracer[] ts, Scheduler s) {
        for (Tracer t : ts) {
            if (t.scheduler == s) {
                return t;
            }
        }
        return null;
    }

    /** The current fiber's id, 0 on a plain thread (a spawner's or a waker's). */
    public static long currentFiberId() {
        Fiber<?> f = Fiber.current();
        return f != null ? f.id() : 0;
    }

    // ------------------------------------------------------------------ probe sites

    /** Runtime.spawnFiber: {@code w} is the spawning thread's worker of this runtime, or null. */
    public static void spawn(Scheduler s, Worker w, Fiber<?> child) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.fiberStart(s.name(), child);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            traceSpawn(ts, s, w, child);
        }
    }

    private static void traceSpawn(Tracer[] ts, Scheduler s, Worker w, Fiber<?> child) {
        Tracer t = tracerOf(ts, s);
        if (t != null) {
            record(t, w, Tracer.SPAWN, child.id(), currentFiberId(), child);
        }
    }

    /** Fiber.runOnCarrier, just before the continuation is mounted. */
    public static void sliceStart(Worker w, Fiber<?> f) {
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, w, Tracer.SLICE_START, f.id(), 0, f);
        }
    }

    /** Fiber.runOnCarrier, just after the continuation unmounted (before it can be resumed elsewhere). */
    public static void sliceEnd(Worker w, Fiber<?> f, boolean done) {
        if (JFR && done && JfrGate.started()) {
            SpindleEvents.fiberEnd(f, w.index());
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            traceSliceEnd(ts, w, f, done);
        }
    }

    private static void traceSliceEnd(Tracer[] ts, Worker w, Fiber<?> f, boolean done) {
        int reason = done ? Tracer.END_DONE : switch (f.stateName()) {
            case "PARKING" -> Tracer.END_PARK;
            case "TIMED_PARKING" -> Tracer.END_TIMED_PARK;
            default -> Tracer.END_YIELD;
        };
        recordOwn(ts, w, Tracer.SLICE_END, f.id(), reason, reason <= Tracer.END_TIMED_PARK ? f.blocker() : null);
    }

    /** Fiber.yieldToPark, before the yield: a JFR park event in progress, or null. */
    public static Object parkBegin() {
        return JFR && JfrGate.started() ? SpindleEvents.parkBegin() : null;
    }

    /** Fiber.yieldToPark, after the fiber resumed. */
    public static void parkEnd(Object event, Fiber<?> f, Object blocker, long timeoutNanos) {
        if (event != null) {
            SpindleEvents.parkEnd(event, f, blocker, timeoutNanos);
        }
    }

    /** Fiber.unpark / cancel / timer, after the CAS that made {@code woken} RUNNABLE. */
    public static void wake(Scheduler s, Fiber<?> woken, String cause) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.wake(woken, cause);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            traceWake(ts, s, woken, cause);
        }
    }

    private static void traceWake(Tracer[] ts, Scheduler s, Fiber<?> woken, String cause) {
        Tracer t = tracerOf(ts, s);
        if (t != null) {
            record(t, s.currentWorker(), Tracer.WAKE, woken.id(), currentFiberId(), cause);
        }
    }

    /** Worker.stealFromOthers, after a steal that took {@code tasks} tasks. */
    public static void steal(Worker thief, Worker victim, int tasks) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.steal(thief.scheduler().name(), thief.index(), victim.index(), tasks);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, thief, Tracer.STEAL, victim.index(), tasks, null);
        }
    }

    /** Worker.park, before the carrier parks for lack of work (trace only). */
    public static void carrierPark(Worker w) {
        traceCarrier(w, Tracer.CARRIER_PARK);
    }

    /** Worker.park, after the carrier woke up (trace only). */
    public static void carrierUnpark(Worker w) {
        traceCarrier(w, Tracer.CARRIER_UNPARK);
    }

    private static void traceCarrier(Worker w, int kind) {
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, w, kind, 0, 0, null);
        }
    }

    /** Fiber.countPinned: the current fiber could not unmount. */
    public static void pinned(Fiber<?> f, Object reason) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.pinned(f, reason);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            CarrierThread c = CarrierThread.current();
            if (c != null) {
                recordOwn(ts, c.worker, Tracer.PINNED, f.id(), 0, reason);
            }
        }
    }

    /** The stall watchdog saw a fiber hold its carrier past the threshold (watchdog thread). */
    public static void carrierStall(String runtime, long fiberId, String fiberName, String carrier, String kind,
                                    String frame, String lock, long heldMillis) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.carrierStall(runtime, fiberId, fiberName, carrier, kind, frame, lock, heldMillis);
        }
    }

    /** The stall watchdog started an extra carrier (watchdog thread). */
    public static void compensation(String runtime, String carrier, int extraCarriers) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.compensation(runtime, carrier, extraCarriers);
        }
    }

    /** BlockingPool.runParked, before handing the call over: a JFR event in progress, or null. */
    public static Object blockingBegin() {
        return JFR && JfrGate.started() ? SpindleEvents.blockingBegin() : null;
    }

    /** BlockingPool.runParked, after the call returned (or failed). */
    public static void blockingEnd(Object event, Callable<?> call) {
        if (event != null) {
            SpindleEvents.blockingEnd(event, Fiber.current(), call);
        }
    }

    /** Records on carrier {@code w}'s own buffer (called on that carrier), if its runtime is traced. */
    private static void recordOwn(Tracer[] ts, Worker w, int kind, long a, long b, Object ref) {
        Tracer t = tracerOf(ts, w.scheduler());
        if (t != null) {
            if (w.index() < t.buffers.length) {
                t.buffers[w.index()].record(kind, a, b, ref);
            } else {
                t.outside.recordShared(kind, a, b, ref); // an extra (compensating) carrier has no buffer of its own
            }
        }
    }

    /** Records on {@code w}'s own buffer when on a carrier of t's scheduler, else on the shared outside one. */
    private static void record(Tracer t, Worker w, int kind, long a, long b, Object ref) {
        if (w != null && w.scheduler() == t.scheduler && w.index() < t.buffers.length) {
            t.buffers[w.index()].record(kind, a, b, ref);
        } else {
            t.outside.recordShared(kind, a, b, ref);
        }
    }
}
