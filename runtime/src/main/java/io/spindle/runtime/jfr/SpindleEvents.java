package io.spindle.runtime.jfr;

/**
 * Emits Spindle's JFR events. Every method first asks the event type's shared instance
 * {@code EVENT.isEnabled()}: the idiom of the JDK's own {@code jdk.internal.event.VirtualThreadStartEvent
 * .isTurnedOn()}. Until a recording enables the event, {@code isEnabled()} is
 * {@code jdk.jfr.Event}'s uninstrumented body, {@code return false}, which C2 inlines and folds, so
 * a disabled event costs one constant-false branch and allocates nothing. When a recording starts,
 * JFR retransforms the event classes (deoptimizing the folded code) and {@code isEnabled()} then
 * reads the recording's settings.
 *
 * <p>Callers (the runtime's probes) make sure this class is loaded only when the {@code jdk.jfr}
 * module is present. The methods take plain values only: this package imports no other Spindle
 * type (fiber 0 means "a plain thread").
 */
public final class SpindleEvents {
    private SpindleEvents() {
    }

    public static void fiberStart(String runtime, long fiberId, String fiberName, long parentFiberId) {
        if (FiberStartEvent.EVENT.isEnabled()) {
            FiberStartEvent e = new FiberStartEvent();
            e.runtime = runtime;
            e.fiberId = fiberId;
            e.fiberName = fiberName;
            e.parentFiberId = parentFiberId;
            e.commit();
        }
    }

    public static void fiberEnd(long fiberId, String fiberName, int carrier) {
        if (FiberEndEvent.EVENT.isEnabled()) {
            FiberEndEvent e = new FiberEndEvent();
            e.fiberId = fiberId;
            e.fiberName = fiberName;
            e.carrier = carrier;
            e.commit();
        }
    }

    /** Begins a park event before the fiber yields; null when the event is off. */
    public static Object parkBegin() {
        if (FiberParkEvent.EVENT.isEnabled()) {
            FiberParkEvent e = new FiberParkEvent();
            e.begin();
            return e;
        }
        return null;
    }

    /** Ends the event that {@link #parkBegin()} returned (a no-op for null). */
    public static void parkEnd(Object event, long fiberId, String fiberName, Class<?> blockerClass, long timeoutNanos) {
        if (event instanceof FiberParkEvent e) {
            e.end();
            if (e.shouldCommit()) {
                e.fiberId = fiberId;
                e.fiberName = fiberName;
                e.blockerClass = blockerClass;
                e.timeout = timeoutNanos;
                e.commit();
            }
        }
    }

    public static void wake(long fiberId, long wakerFiberId, String cause) {
        if (FiberWakeEvent.EVENT.isEnabled()) {
            FiberWakeEvent e = new FiberWakeEvent();
            e.fiberId = fiberId;
            e.wakerFiberId = wakerFiberId;
            e.cause = cause;
            e.commit();
        }
    }

    public static void steal(String runtime, int thief, int victim, int tasks) {
        if (StealEvent.EVENT.isEnabled()) {
            StealEvent e = new StealEvent();
            e.runtime = runtime;
            e.thief = thief;
            e.victim = victim;
            e.tasks = tasks;
            e.commit();
        }
    }

    public static void pinned(long fiberId, String fiberName, String reason) {
        if (FiberPinnedEvent.EVENT.isEnabled()) {
            FiberPinnedEvent e = new FiberPinnedEvent();
            e.fiberId = fiberId;
            e.fiberName = fiberName;
            e.reason = reason;
            e.commit();
        }
    }

    /** Begins a blocking-offload event; null when the event is off. */
    public static Object blockingBegin() {
        if (BlockingOffloadEvent.EVENT.isEnabled()) {
            BlockingOffloadEvent e = new BlockingOffloadEvent();
            e.begin();
            return e;
        }
        return null;
    }

    /** Ends the event that {@link #blockingBegin()} returned (a no-op for null). */
    public static void blockingEnd(Object event, long fiberId, String fiberName, Class<?> callClass) {
        if (event instanceof BlockingOffloadEvent e) {
            e.end();
            if (e.shouldCommit()) {
                e.fiberId = fiberId;
                e.fiberName = fiberName;
                e.callClass = callClass;
                e.commit();
            }
        }
    }

    public static void carrierStall(String runtime, long fiberId, String fiberName, String carrier, String kind,
                                    String frame, String lock, long heldMillis) {
        if (CarrierStallEvent.EVENT.isEnabled()) {
            CarrierStallEvent e = new CarrierStallEvent();
            e.runtime = runtime;
            e.fiberId = fiberId;
            e.fiberName = fiberName;
            e.carrier = carrier;
            e.kind = kind;
            e.frame = frame;
            e.lock = lock;
            e.heldMillis = heldMillis;
            e.commit();
        }
    }

    public static void compensation(String runtime, String carrier, int extraCarriers) {
        if (CompensationEvent.EVENT.isEnabled()) {
            CompensationEvent e = new CompensationEvent();
            e.runtime = runtime;
            e.carrier = carrier;
            e.extraCarriers = extraCarriers;
            e.commit();
        }
    }
}
