package io.spindle.runtime;

import io.spindle.runtime.internal.context.CarrierSwitch;
import io.spindle.runtime.internal.context.ContextRegistry;
import io.spindle.runtime.internal.context.ContextSlot;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes thread-bound context that a library keeps in a {@link ThreadLocal} (SLF4J's MDC, a tracing
 * span, a security context) follow each fiber, without changing the library. Inside a fiber such a
 * ThreadLocal belongs to the <em>carrier</em> thread, shared by every fiber that runs there; once
 * registered, the runtime takes it off the carrier each time a fiber unmounts (parks, yields) and
 * saves it with the fiber, and puts it back each time the fiber is mounted again, on whichever
 * carrier. So each fiber sees only its own value, and another fiber on the same carrier never sees
 * it.
 *
 * <pre>{@code
 * CarrierContext.register(MY_THREAD_LOCAL);                 // a ThreadLocal you can reach
 * CarrierContext.register("slf4j-mdc",                      // context behind an API (SLF4J's MDC)
 *         MDC::getCopyOfContextMap, MDC::clear, MDC::setContextMap);
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Registration is JVM-wide (every runtime) and takes effect at the next unmount; register once
 *       at start-up. {@link #close()} unregisters.</li>
 *   <li>At each unmount: {@code capture} reads the carrier's context (null: none); when it is not
 *       null, {@code clear} removes it from the carrier and the value is saved with the fiber. At
 *       the next mount the saved value goes back through {@code restore}. A fiber that sets nothing
 *       costs one {@code capture} per unmount and nothing at mount. When a fiber ends, its context
 *       is cleared from the carrier.</li>
 *   <li>The callbacks run on the carrier between two slices of the fiber: keep them quick, never
 *       park in them. An exception from one is printed once and otherwise ignored.</li>
 *   <li>Not inherited: a spawned fiber starts without the context (copy it explicitly, or keep
 *       inheritable context in a {@link FiberLocal#inheritable() FiberLocal}).</li>
 *   <li>A ThreadLocal with an initial value ({@code ThreadLocal.withInitial}) materialises it at each
 *       unmount of every fiber (its {@code get} creates it), which then costs an allocation and a
 *       saved entry per fiber: register a plain ThreadLocal, or use the general form with a
 *       {@code capture} that can tell "none".</li>
 * </ul>
 * Cost (measured on a one-carrier park/unpark ping-pong, see docs/embedding.md): nothing registered,
 * nothing measurable; one registered ThreadLocal that fibers do not set, about 10 ns per hand-off;
 * one that both fibers set, about 150 ns per hand-off (capture, clear, save, restore).
 *
 * <p>{@code ScopedValue} bindings need no registration: they are kept per fiber by default (see
 * {@link #scopedValuesSupported()}).
 */
public final class CarrierContext implements AutoCloseable {
    private final ContextSlot slot;

    private CarrierContext(ContextSlot slot) {
        this.slot = slot;
    }

    /**
     * Registers {@code threadLocal}: capture is {@code get()}, clear is {@code remove()}, restore is
     * {@code set(saved)}. A null value counts as "none".
     */
    public static <T> CarrierContext register(ThreadLocal<T> threadLocal) {
        Objects.requireNonNull(threadLocal, "threadLocal");
        return register(threadLocal.toString(), threadLocal::get, threadLocal::remove, threadLocal::set);
    }

    /**
     * Registers context behind an API: {@code capture} returns the carrier thread's current context
     * (null when there is none), {@code clear} removes it from the carrier thread, and
     * {@code restore} installs a value that {@code capture} returned earlier. {@code name} appears in
     * error messages.
     */
    public static <S> CarrierContext register(String name, Supplier<? extends S> capture, Runnable clear,
                                              Consumer<? super S> restore) {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(clear, "clear");
        Objects.requireNonNull(restore, "restore");
        ContextSlot slot = new ContextSlot(name) {
            @Override
            protected Object capture() {
                return capture.get();
            }

            @Override
            protected void clear() {
                clear.run();
            }

            @Override
            @SuppressWarnings("unchecked")
            protected void restore(Object saved) {
                restore.accept((S) saved);
            }
        };
        ContextRegistry.add(slot);
        JitCaveat.warnOnce();
        return new CarrierContext(slot);
    }

    /** The name given at registration. */
    public String name() {
        return slot.name();
    }

    /** True until {@link #close()}. */
    public boolean isRegistered() {
        return ContextRegistry.contains(slot);
    }

    /**
     * Unregisters: from the next unmount on, this context stays on the carrier again. Context already
     * saved with parked fibers is not restored any more (it is dropped with them). A second close is
     * harmless.
     */
    @Override
    public void close() {
        ContextRegistry.remove(slot);
    }

    /** The names of the registered contexts, in registration order. */
    public static List<String> registeredNames() {
        return ContextRegistry.names();
    }

    /**
     * True when the JVM runs with {@code -XX:+UnlockDiagnosticVMOptions -XX:-InlineThreadNatives}, the
     * only setting under which a ThreadLocal read inside a fiber is exact in code compiled by C2.
     * By default C2 treats {@code Thread.currentThread()} as constant within one compiled method,
     * so code that touches a ThreadLocal on both sides of a park may, after the fiber moved to
     * another carrier, read (and write) the <em>previous</em> carrier's ThreadLocalMap: another
     * fiber's value, and a race on that map. CarrierContext cannot prevent that (it restores the
     * right value on the right carrier; the compiled code looks at the wrong one). Measured numbers
     * and the flag's cost: docs/embedding.md. {@link FiberLocal} is not affected.
     */
    public static boolean threadLocalsExact() {
        return JitCaveat.EXACT;
    }

    /**
     * True when {@code ScopedValue} bindings made inside a fiber stay with that fiber across parks
     * and carrier changes and are never seen by other fibers. That needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the flag that virtual threads on Spindle's
     * scheduler need too; Spindle's jars carry it in their manifest), and is switched off by
     * {@code -Dspindle.scopedValues=false} (saves about 10 ns per park, see docs/embedding.md).
     * Without it, a binding inside a fiber leaks to the other fibers of its carrier: do not use
     * ScopedValue in fibers then.
     */
    public static boolean scopedValuesSupported() {
        return CarrierSwitch.scopedValuesSupported();
    }

    @Override
    public String toString() {
        return "CarrierContext[" + name() + (isRegistered() ? "" : ", closed") + "]";
    }

    /** Whether C2 may keep the carrier's Thread across a park; one warning per JVM when it may. */
    private static final class JitCaveat {
        static final boolean EXACT = !inlinesThreadNatives();
        private static volatile boolean warned;

        private static boolean inlinesThreadNatives() {
            try {
                var hotspot = java.lang.management.ManagementFactory
                        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                return !"false".equals(hotspot.getVMOption("InlineThreadNatives").getValue());
            } catch (RuntimeException | LinkageError notHotSpot) {
                return true; // cannot tell: assume the default
            }
        }

        static void warnOnce() {
            if (!EXACT && !warned && !Boolean.getBoolean("spindle.carrierContext.quiet")) {
                warned = true;
                System.err.println("Spindle: CarrierContext registered, but the JIT may keep a carrier's"
                        + " Thread across a park (default -XX:+InlineThreadNatives): C2-compiled code can then read"
                        + " another fiber's ThreadLocal. For exact ThreadLocals in fibers run with"
                        + " -XX:+UnlockDiagnosticVMOptions -XX:-InlineThreadNatives, or use FiberLocal"
                        + " (docs/embedding.md; -Dspindle.carrierContext.quiet=true hides this line).");
            }
        }
    }
}
