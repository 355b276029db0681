package io.spindle.runtime.internal.driver;

import io.spindle.runtime.observe.NetStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The I/O drivers of each runtime (today one: the network poller of {@code io.spindle.net}), keyed
 * by the runtime object. {@code io.spindle.net} sits above the API (it uses {@code Runtime},
 * {@code Fiber} and {@code Strand}) and opens its driver here on first use; the API's
 * {@code Runtime} reports and closes it through this registry without depending on the net package,
 * so no package cycle appears (see docs/architecture.md).
 *
 * <p>Opening and closing are ordered by this class's monitor: {@link #getOrOpen} checks that the
 * runtime is open and registers the new driver atomically with respect to {@link #close}, which
 * {@code Runtime.close()} calls after marking itself closed; so a driver is either refused (runtime
 * closed) or found and closed by close(), never leaked.
 */
public final class IoDrivers {
    /** A runtime's I/O driver: what stats() reports and close() stops. */
    public interface Driver {
        /** The driver's counters for {@code stats()}. */
        NetStats netStats();

        /** Stops the driver and joins its threads; parked waiters are woken with an error. */
        void close();
    }

    // runtime -> its driver; written under IoDrivers.class, read lock-free (ConcurrentHashMap)
    private static final Map<Object, Driver> DRIVERS = new ConcurrentHashMap<>();

    private IoDrivers() {
    }

    /** {@code runtime}'s driver, or null when it has none (yet). */
    public static Driver get(Object runtime) {
        return DRIVERS.get(runtime);
    }

    /**
     * {@code runtime}'s driver, opened with {@code open} if it has none; null if it has none and
     * {@code runtimeClosed} says the runtime is closed.
     */
    public static synchronized Driver getOrOpen(Object runtime, BooleanSupplier runtimeClosed,
                                                Supplier<? extends Driver> open) {
        Driver d = DRIVERS.get(runtime);
        if (d != null) {
            return d;
        }
        if (runtimeClosed.getAsBoolean()) {
            return null;
        }
        d = open.get();
        DRIVERS.put(runtime, d);
        return d;
    }

    /** The counters of {@code runtime}'s driver, or {@link NetStats#NONE} when it has none. */
    public static NetStats netStats(Object runtime) {
        Driver d = DRIVERS.get(runtime);
        return d == null ? NetStats.NONE : d.netStats();
    }

    /** Removes and stops {@code runtime}'s driver, if it has one (Runtime.close). */
    public static void close(Object runtime) {
        Driver d;
        synchronized (IoDrivers.class) {
            d = DRIVERS.remove(runtime);
        }
        if (d != null) {
            d.close();
        }
    }
}
