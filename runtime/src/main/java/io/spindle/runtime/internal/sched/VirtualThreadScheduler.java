package io.spindle.runtime.internal.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The {@link Executor} that JDK virtual threads built by {@link Runtime#virtualThreadBuilder()}
 * submit their continuation runs to.
 *
 * <p>A virtual thread's wake-up is submitted while the waker (often another virtual thread) is
 * mounted, so {@code Thread.currentThread()} is that virtual thread, not the carrier: without help
 * every wake-up would go to the injection queue and a ping-pong pair would bounce between carriers.
 * With {@code --add-opens java.base/java.lang} (which the builder needs anyway) this executor asks
 * {@code Thread.currentCarrierThread()} instead, and a wake-up on one of our carriers goes to that
 * carrier's {@code runnext}, exactly as a fiber's would.
 */
public final class VirtualThreadScheduler implements Executor {
    private static final MethodHandle CURRENT_CARRIER = currentCarrierHandle();

    private final Scheduler scheduler;

    public VirtualThreadScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    private static MethodHandle currentCarrierHandle() {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            return l.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // java.lang not opened: fall back to plain submission (see execute)
        }
    }

    /**
     * Where a virtual thread's continuation run goes:
     * <ul>
     *   <li>called on one of our carriers with no virtual thread mounted: the JDK's afterYield
     *       resubmitting a thread that yielded ({@code Thread.yield}, e.g. in a spin-then-park loop
     *       of {@code SynchronousQueue}) or found its permit while parking: the back of the local
     *       queue, like a fiber's yield (runnext would run a yielding thread again at once);</li>
     *   <li>called by a virtual thread mounted on one of our carriers: a wake-up (unpark) by that
     *       thread: runnext, like a fiber's wake-up;</li>
     *   <li>anywhere else: the injection queue.</li>
     * </ul>
     */
    @Override
    public void execute(Runnable task) {
        if (CarrierThread.current() != null) {
            scheduler.submit(task); // our own carrier with nothing mounted (see above), or another runtime's
            return;
        }
        CarrierThread carrier = currentCarrier();
        if (carrier != null && carrier.worker().scheduler() == scheduler) {
            scheduler.submitWokenOn(carrier.worker(), task);
        } else {
            scheduler.submitWoken(task);
        }
    }

    private static CarrierThread currentCarrier() {
        if (CURRENT_CARRIER == null) {
            return CarrierThread.current();
        }
        try {
            return (Thread) CURRENT_CARRIER.invokeExact() instanceof CarrierThread c ? c : null;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
