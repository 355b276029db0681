package io.spindle.runtime;

import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.runtime.observe.SpindleRuntimeMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The {@link SpindleRuntimeMXBean} of one runtime, and its registration in the platform MBean
 * server. Registration never fails the runtime: if JMX is unavailable or refuses the bean, the
 * runtime simply has none (the reason goes to stderr when {@code spindle.jmx.verbose} is set).
 *
 * <p>Creating the platform MBean server costs tens to hundreds of milliseconds of class loading, too
 * much to add to every {@code Runtime.build()}. So when the platform server exists already the bean
 * is registered right away, and otherwise a short-lived daemon thread ({@code spindle-jmx}) creates
 * the server and registers it in the background. That thread runs the registrations and
 * unregistrations of such runtimes one at a time, in order, so a close always follows its register.
 */
final class RuntimeMonitor implements SpindleRuntimeMXBean {
    /** Register an MXBean per runtime. Override: -Dspindle.jmx=false (saves loading JMX, ~50 ms). */
    static final boolean ENABLED = !"false".equals(System.getProperty("spindle.jmx"));
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final AtomicInteger DUPLICATES = new AtomicInteger();
    /** At most one thread, which exits after 5 s idle; FIFO, so per-runtime order is kept. */
    private static final ThreadPoolExecutor REGISTRAR = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "spindle-jmx");
                t.setDaemon(true);
                return t;
            });

    private final Runtime rt;
    private final boolean inBackground; // registered by REGISTRAR: unregister there too
    private volatile ObjectName registeredAs; // written by register/unregister, read by unregister

    private RuntimeMonitor(Runtime rt, boolean inBackground) {
        this.rt = rt;
        this.inBackground = inBackground;
    }

    /** Registers a bean for {@code rt} (now, or soon in the background); see the class comment. */
    static RuntimeMonitor register(Runtime rt) {
        if (!ENABLED) {
            return new RuntimeMonitor(rt, false);
        }
        boolean serverExists;
        try {
            serverExists = !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            serverExists = false;
        }
        RuntimeMonitor m = new RuntimeMonitor(rt, !serverExists);
        if (serverExists) {
            m.registerNow();
        } else {
            REGISTRAR.execute(m::registerNow);
        }
        return m;
    }

    private void registerNow() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = objectName(rt.name(), null);
            try {
                server.registerMBean(this, name);
            } catch (InstanceAlreadyExistsException sameName) {
                // two live runtimes with one name: keep both visible
                name = objectName(rt.name(), DUPLICATES.incrementAndGet());
                server.registerMBean(this, name);
            }
            registeredAs = name;
        } catch (Exception | LinkageError e) {
            if (Boolean.getBoolean("spindle.jmx.verbose")) {
                System.err.println("Spindle runtime '" + rt.name() + "': no MXBean (" + e + ")");
            }
        }
    }

    static ObjectName objectName(String runtimeName, Integer duplicate) throws Exception {
        String value = PLAIN_VALUE.matcher(runtimeName).matches() ? runtimeName : ObjectName.quote(runtimeName);
        return new ObjectName("io.spindle:type=Runtime,name=" + value + (duplicate != null ? ",id=" + duplicate : ""));
    }

    /** The name it is registered under, or null. */
    ObjectName registeredAs() {
        return registeredAs;
    }

    void unregister() {
        if (inBackground) {
            REGISTRAR.execute(this::unregisterNow);
        } else {
            unregisterNow();
        }
    }

    private void unregisterNow() {
        ObjectName name = registeredAs;
        if (name == null) {
            return;
        }
        registeredAs = null;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception e) {
            // already gone (somebody unregistered it by hand): nothing to do
        }
    }

    /** One attribute: a snapshot of the counters only (no scan of the live fibers). */
    private long stat(ToLongFunction<RuntimeStats> f) {
        return f.applyAsLong(rt.stats(false));
    }

    @Override public String getName() { return rt.name(); }
    @Override public int getCarriers() { return rt.carriers(); }
    @Override public boolean isClosed() { return rt.isClosed(); }
    @Override public long getLiveFibers() { return stat(RuntimeStats::liveFibers); }
    @Override public long getParkedFibers() { return rt.parkedFibers(); } // the only attribute that scans
    @Override public int getInjectionQueueSize() { return rt.stats(false).injectionQueue(); }
    @Override public int getParkedCarriers() { return rt.stats(false).parkedWorkers(); }
    @Override public int getSearchingCarriers() { return rt.stats(false).searching(); }
    @Override public int getBlockingActive() { return rt.stats(false).blockingActive(); }
    @Override public long getFibersSpawned() { return stat(RuntimeStats::spawned); }
    @Override public long getFibersCompleted() { return stat(RuntimeStats::completed); }
    @Override public long getTasksRun() { return stat(RuntimeStats::tasksRun); }
    @Override public long getRunnextHits() { return stat(RuntimeStats::runnextHits); }
    @Override public long getLocalPolls() { return stat(RuntimeStats::localPolls); }
    @Override public long getGlobalPolls() { return stat(RuntimeStats::globalPolls); }
    @Override public long getStealAttempts() { return stat(RuntimeStats::stealAttempts); }
    @Override public long getSteals() { return stat(RuntimeStats::steals); }
    @Override public long getTasksStolen() { return stat(RuntimeStats::tasksStolen); }
    @Override public long getCarrierParks() { return stat(RuntimeStats::carrierParks); }
    @Override public long getCarrierUnparks() { return stat(RuntimeStats::carrierUnparks); }
    @Override public long getPinned() { return stat(RuntimeStats::pinned); }
    @Override public long getBlockingCalls() { return stat(RuntimeStats::blockingCalls); }
    @Override public long getTimersFired() { return stat(RuntimeStats::timersFired); }
    @Override public long getOverflows() { return stat(RuntimeStats::overflows); }
    @Override public long getVirtualThreadRuns() { return stat(RuntimeStats::virtualThreadRuns); }
    @Override public long getStalls() { return stat(RuntimeStats::stalls); }
    @Override public long getCompensations() { return stat(RuntimeStats::compensations); }
    @Override public int getExtraCarriers() { return rt.stats().extraCarriers(); }
    @Override public String statsTable() { return rt.stats().toString(); }
    @Override public String fiberDump() { return rt.fiberDump(); }
}
