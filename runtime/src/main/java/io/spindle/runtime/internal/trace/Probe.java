package io.spindle.runtime.internal.trace;

import io.spindle.runtime.jfr.JfrGate;
import io.spindle.runtime.jfr.SpindleEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The runtime's observation points: each method is called from one place in the scheduler
 * (internal.sched), the fiber core (internal.fiber) or the Runtime, and feeds the JFR events
 * (io.spindle.runtime.jfr) and the execution tracer ({@link Tracer}).
 *
 * <p>Dependencies: this package knows neither the scheduler nor the fiber core (they call into it,
 * not the other way round). A runtime is named by its scheduler object, used only as an identity
 * key ({@code Object sched}), a worker by its index ({@code -1}: not on a carrier of that runtime),
 * a fiber by the {@link TraceSubject} interface its core implements. The JFR event classes get plain
 * values only.
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

    /** Why a slice ended (see Tracer.SLICE_END); TraceSubject.sliceEndReason returns the first three. */
    public static final int END_PARK = Tracer.END_PARK;
    public static final int END_TIMED_PARK = Tracer.END_TIMED_PARK;
    public static final int END_YIELD = Tracer.END_YIELD;

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
                throw new IllegalStateException("runtime '" + t.runtimeName + "' is being traced already");
            }
        }
        Tracer[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = t;
        soTracers(next);
    }

    static synchronized void deactivate(Tracer t) {
        Tracer[] cur = laTracers();
        Tracer[] next = Arrays.stream(cur).filter(x -> x != t).toArray(Tracer[]::new);
        soTracers(next.length == 0 ? NONE : next); // NONE again: tracing() compares with it
    }

    /**
     * The hot paths' one test (FiberCore.runOnCarrier once per slice, the wake-ups): true while
     * some tracer is active. Opaque read, compared by reference and never dereferenced, so it pairs
     * with nothing; a probe that finds it true re-reads the array with acquire (laTracers, pairs
     * with soTracers) before it touches a tracer. A tracer activated meanwhile misses at most the
     * slice in progress (a slice is traced whole or not at all), as a JFR recording that has just
     * started may miss a few events. Measured (pingpong, 1 carrier, this 2-core machine): the
     * three probes of a hand-off cost ~25 ns per round trip before this test was hoisted.
     */
    public static boolean tracing() {
        return TRACERS.getOpaque() != NONE;
    }

    /** The wake-ups' one test: true if {@link #wake} would record anything (JFR recording, or {@link #tracing()}). */
    public static boolean wakeTraced() {
        return (JFR && JfrGate.started()) || tracing();
    }

    /** The tracer of {@code s}, or null. Called only when some tracer is active. */
    private static Tracer tracerOf(Tracer[] ts, Object s) {
        for (Tracer t : ts) {
            if (t.scheduler == s) {
                return t;
            }
        }
        return null;
    }

    private static long idOf(TraceSubject f) {
        return f != null ? f.id() : 0;
    }

    // ------------------------------------------------------------------ probe sites

    /**
     * Runtime.spawnFiber: {@code worker} is the spawning thread's worker of this runtime, or -1;
     * {@code parent} the fiber that spawns, or null on a plain thread.
     */
    public static void spawn(Object sched, String runtimeName, int worker, TraceSubject child, TraceSubject parent) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.fiberStart(runtimeName, child.id(), child.name(), idOf(parent));
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            Tracer t = tracerOf(ts, sched);
            if (t != null) {
                record(t, worker, Tracer.SPAWN, child.id(), idOf(parent), child);
            }
        }
    }

    /**
     * FiberCore.runOnCarrier, just before the continuation is mounted on worker {@code worker};
     * called only when {@link #tracing()} was true at the slice's start.
     */
    public static void sliceStart(Object sched, int worker, TraceSubject f) {
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, sched, worker, Tracer.SLICE_START, f.id(), 0, f);
        }
    }

    /**
     * FiberCore.runOnCarrier, just after the continuation unmounted (before it can be resumed
     * elsewhere); called when {@link #tracing()} was true at the slice's start, and always when
     * the fiber is done (its JFR end event).
     */
    public static void sliceEnd(Object sched, int worker, TraceSubject f, boolean done) {
        if (JFR && done && JfrGate.started()) {
            SpindleEvents.fiberEnd(f.id(), f.name(), worker);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            int reason = done ? Tracer.END_DONE : f.sliceEndReason();
            recordOwn(ts, sched, worker, Tracer.SLICE_END, f.id(), reason,
                    reason <= Tracer.END_TIMED_PARK ? f.blocker() : null);
        }
    }

    /** FiberCore.beforePark, before the yield: a JFR park event in progress, or null. */
    public static Object parkBegin() {
        return JFR && JfrGate.started() ? SpindleEvents.parkBegin() : null;
    }

    /** FiberCore.afterPark, after the fiber resumed. */
    public static void parkEnd(Object event, TraceSubject f, Object blocker, long timeoutNanos) {
        if (event != null) {
            SpindleEvents.parkEnd(event, f.id(), f.name(), blocker != null ? blocker.getClass() : null, timeoutNanos);
        }
    }

    /**
     * FiberCore.perform, after the CAS that made {@code woken} RUNNABLE, when {@link #wakeTraced()}
     * (the caller's test, so that the untraced path computes no arguments): {@code worker} is the
     * waker's worker of this runtime or -1, {@code waker} the fiber that woke it or null (a thread,
     * a timer).
     */
    public static void wake(Object sched, int worker, TraceSubject woken, TraceSubject waker, String cause) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.wake(woken.id(), idOf(waker), cause);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            Tracer t = tracerOf(ts, sched);
            if (t != null) {
                record(t, worker, Tracer.WAKE, woken.id(), idOf(waker), cause);
            }
        }
    }

    /** Worker.stealFromOthers, after a steal that took {@code tasks} tasks. */
    public static void steal(Object sched, String runtimeName, int thief, int victim, int tasks) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.steal(runtimeName, thief, victim, tasks);
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, sched, thief, Tracer.STEAL, victim, tasks, null);
        }
    }

    /** Worker.park, before the carrier parks for lack of work (trace only). */
    public static void carrierPark(Object sched, int worker) {
        traceCarrier(sched, worker, Tracer.CARRIER_PARK);
    }

    /** Worker.park, after the carrier woke up (trace only). */
    public static void carrierUnpark(Object sched, int worker) {
        traceCarrier(sched, worker, Tracer.CARRIER_UNPARK);
    }

    /** Worker.runTask, before a task that is not a fiber (a virtual thread's run) runs (trace only). */
    public static void taskStart(Object sched, int worker) {
        traceCarrier(sched, worker, Tracer.TASK_START);
    }

    /** Worker.runTask, after that task returned (trace only). */
    public static void taskEnd(Object sched, int worker) {
        traceCarrier(sched, worker, Tracer.TASK_END);
    }

    private static void traceCarrier(Object sched, int worker, int kind) {
        Tracer[] ts = laTracers();
        if (ts.length != 0) {
            recordOwn(ts, sched, worker, kind, 0, 0, null);
        }
    }

    /** FiberCore.countPinned: the current fiber could not unmount ({@code worker} -1: not on a carrier). */
    public static void pinned(Object sched, int worker, TraceSubject f, Object reason) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.pinned(f.id(), f.name(), String.valueOf(reason));
        }
        Tracer[] ts = laTracers();
        if (ts.length != 0 && worker >= 0) {
            recordOwn(ts, sched, worker, Tracer.PINNED, f.id(), 0, reason);
        }
    }

    /** BlockingPool.runParked, before handing the call over: a JFR event in progress, or null. */
    /** The stall watchdog saw a fiber hold its carrier past the threshold (on the watchdog thread). */
    public static void carrierStall(String runtime, long fiberId, String fiberName, String carrier, String kind,
                                    String frame, String lock, long heldMillis) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.carrierStall(runtime, fiberId, fiberName, carrier, kind, frame, lock, heldMillis);
        }
    }

    /** The stall watchdog started an extra carrier (on the watchdog thread). */
    public static void compensation(String runtime, String carrier, int extraCarriers) {
        if (JFR && JfrGate.started()) {
            SpindleEvents.compensation(runtime, carrier, extraCarriers);
        }
    }

    public static Object blockingBegin() {
        return JFR && JfrGate.started() ? SpindleEvents.blockingBegin() : null;
    }

    /** BlockingPool.runParked, after the call returned (or failed). */
    public static void blockingEnd(Object event, TraceSubject f, Callable<?> call) {
        if (event != null) {
            SpindleEvents.blockingEnd(event, f.id(), f.name(), call.getClass());
        }
    }

    /** Records on carrier {@code worker}'s own buffer (called on that carrier), if its runtime is traced. */
    private static void recordOwn(Tracer[] ts, Object sched, int worker, int kind, long a, long b, Object ref) {
        Tracer t = tracerOf(ts, sched);
        if (t != null) {
            if (worker < t.buffers.length) {
                t.buffers[worker].record(kind, a, b, ref);
            } else {
                t.outside.recordShared(kind, a, b, ref); // an extra (compensating) carrier has no buffer of its own
            }
        }
    }

    /** Records on {@code worker}'s own buffer when on a carrier of t's runtime (>= 0), else on the shared outside one. */
    private static void record(Tracer t, int worker, int kind, long a, long b, Object ref) {
        if (worker >= 0 && worker < t.buffers.length) {
            t.buffers[worker].record(kind, a, b, ref);
        } else {
            t.outside.recordShared(kind, a, b, ref);
        }
    }
}
