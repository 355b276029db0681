package io.spindle.runtime;

import io.spindle.runtime.internal.console.ConsoleServer;
import io.spindle.runtime.internal.diag.DeadlockDetector;
import io.spindle.runtime.internal.diag.DiagnosticsRing;
import io.spindle.runtime.internal.diag.FiberDumps;
import io.spindle.runtime.internal.diag.JvmFlags;
import io.spindle.runtime.internal.diag.StallWatchdog;
import io.spindle.runtime.internal.fiber.BlockingPool;
import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.driver.IoDrivers;
import io.spindle.runtime.internal.fiber.Timeouts;
import io.spindle.runtime.internal.sched.CarrierThread;
import io.spindle.runtime.internal.sched.LocalQueue;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.VirtualThreadScheduler;
import io.spindle.runtime.internal.sched.Worker;
import io.spindle.runtime.internal.trace.BlockerNames;
import io.spindle.runtime.internal.trace.Probe;
import io.spindle.runtime.internal.trace.TraceSubject;
import io.spindle.runtime.internal.trace.Tracer;
import io.spindle.runtime.observe.FiberDump;
import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.runtime.observe.WorkerStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An M:N runtime: a fixed pool of carrier threads running {@link Fiber}s, scheduled by a
 * work-stealing scheduler (see docs/scheduler.md).
 *
 * <pre>{@code
 * try (Runtime rt = Runtime.builder().carriers(4).name("app").build()) {
 *     int sum = rt.run(() -> {                        // Go's main
 *         Fiber<Integer> f = Fiber.spawn(() -> 21);   // Go's `go`
 *         return f.join() * 2;
 *     });
 * }
 * }</pre>
 *
 * <h2>Shutdown</h2>
 * {@link #close()} stops accepting fibers from outside, lets the fibers that can still make progress
 * run until the carriers go idle (or the shutdown timeout passes), then cancels the fibers still
 * alive (they see {@link FiberCancelledException} at their park point, so their {@code finally}
 * blocks run), stops the carriers and joins them. A second close is harmless. The
 * {@linkplain #global() global} runtime ignores close.
 */
public final class Runtime implements Executor, AutoCloseable {
    /*
     * Implementation overview
     *
     * A Runtime is the facade over the internal packages. It owns: the Scheduler (carriers,
     * queues, idle protocol, timers - internal.sched), the registry of live fibers (internal.fiber:
     * for stats, dumps and cancellation at close), the blocking pool (internal.fiber, created on
     * first use), the diagnostics (internal.diag), and the lifecycle below.
     *
     * lifecycle (volatile int, CAS by close()):
     *   OPEN    -> CLOSING   close(): outside spawns are rejected, fibers may still spawn fibers
     *   CLOSING -> CLOSED    after live fibers are gone (or cancelled and given the timeout):
     *                        every spawn is rejected, the carriers stop
     * Spawn counting: a spawn on a carrier bumps that worker's plain counter; from outside, a
     * LongAdder. completed is counted by the worker the fiber ends on.
     *
     * Console (Builder.console, off by default): a ConsoleServer (internal.console) started before
     * the carriers and closed at the end of close(); it reads the runtime through RuntimeConsole.
     * While a browser watches it asks for a trace (consoleTracing): the runtime then runs a tracer of
     * its own (consoleTracer) unless the user traces already; a user's startTrace replaces the
     * console's tracer, and stopTrace gives it back. Both fields are guarded by lifecycleLock.
     * Every diagnostics line (stalls, monitor blocks, runaway fibers, a close that gave up) and every
     * deadlock report also goes to a small DiagnosticsRing
     * that the console shows.
     */
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final AtomicInteger RUNTIME_IDS = new AtomicInteger();

    private final String name;
    private final Scheduler scheduler;
    private final FiberExceptionHandler handler;
    private final Duration shutdownTimeout;
    private final FiberRegistry live = new FiberRegistry();
    private final LongAdder spawnedOutside = new LongAdder();
    private final Object lifecycleLock = new Object();
    private final boolean isGlobal;
    private final int maxFibers;
    private final Duration deadlockGrace;          // null: detection off
    final boolean diagnostics;                     // read by the fiber core on every park (final: folded)
    private final StallWatchdog watchdog;          // null when turned off (Builder.stallWatchdog(false))
    private final java.util.function.Consumer<String> diagnosticsSink;
    private volatile int lifecycle = OPEN; // see overview
    private volatile BlockingPool blockingPool;
    private volatile Thread.Builder.OfVirtual virtualThreadBuilder;
    private final RuntimeMonitor monitor;  // the MXBean; see docs/observability.md
    private Tracer tracer;                 // guarded by lifecycleLock; null when not tracing
    private Tracer consoleTracer;          // guarded by lifecycleLock; see overview: Console
    private boolean consoleWantsTrace;     // guarded by lifecycleLock
    private final DiagnosticsRing warnings = new DiagnosticsRing();
    private final ConsoleServer console;   // null unless Builder.console

    private Runtime(Builder b, boolean isGlobal) {
        JvmFlags.requireContinuations(MissingJvmFlagException::new);
        this.name = b.name != null ? b.name : "spindle-" + RUNTIME_IDS.incrementAndGet();
        this.handler = b.handler;
        this.shutdownTimeout = b.shutdownTimeout;
        this.isGlobal = isGlobal;
        this.maxFibers = b.maxFibers;
        this.deadlockGrace = b.deadlockGrace;
        this.diagnostics = b.diagnostics;
        java.util.function.Consumer<String> sink = b.diagnosticsSink;
        this.diagnosticsSink = line -> { // every warning also goes to the ring the console shows
            warnings.add(warningKind(line), line);
            sink.accept(line);
        };
        this.scheduler = new Scheduler(this, name, b.carriers, b.queueCapacity, b.daemon,
                b.stallWatchdog ? b.maxCompensation : 0, this::reportTaskFailure);
        // before the carriers start: a port that is taken fails build() with nothing left running
        this.console = b.consolePort >= 0 ? ConsoleServer.start(new RuntimeConsole(this), b.consolePort) : null;
        scheduler.start();
        if (b.stallWatchdog) {
            watchdog = new StallWatchdog(name, scheduler, b.stallThreshold, diagnosticsSink, diagnostics);
            watchdog.start(name + "-watchdog");
        } else {
            watchdog = null;
        }
        this.monitor = RuntimeMonitor.register(this);
    }

    /**
     * The most extra carriers that run at once to stand in for carriers blocked outside Spindle
     * (see {@link Builder#stallThreshold}): 256, ForkJoinPool's limit on spare threads for managed
     * blockers and the headroom of the JDK's virtual-thread scheduler (its maxPoolSize defaults to
     * 256). Override: {@code -Dspindle.maxCompensation}, {@link Builder#maxCompensation(int)}.
     */
    public static final int DEFAULT_MAX_COMPENSATION = Integer.getInteger("spindle.maxCompensation", 256);

    /** A runtime with one carrier per available processor. */
    public static Runtime create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default runtime, created on first use, with daemon carriers (one per processor). Used by
     * {@link Fiber#spawn} outside any fiber. Its {@link #close()} does nothing.
     */
    public static Runtime global() {
        return GlobalHolder.GLOBAL;
    }

    private static final class GlobalHolder {
        static final Runtime GLOBAL = new Runtime(new Builder().name("spindle-global"), true);
    }

    // ------------------------------------------------------------------ spawning

    /** Spawns a fiber running {@code body}. Callable from any thread or fiber. */
    public <T> Fiber<T> spawn(Callable<T> body) {
        return spawn(null, body);
    }

    /** Spawns a fiber running {@code body}. */
    public Fiber<Void> spawn(Runnable body) {
        return spawnFiber(null, body, true);
    }

    /** Spawns a named fiber (the name shows in dumps, traces and the exception handler). */
    public <T> Fiber<T> spawn(String name, Callable<T> body) {
        return spawnFiber(name, body, true);
    }

    /** {@link Executor}: runs {@code task} in a new fiber. */
    @Override
    public void execute(Runnable task) {
        spawn(task);
    }

    /**
     * A new {@link java.util.concurrent.ExecutorService} view of this runtime whose tasks are fibers
     * (one per task): {@code shutdown()} of the view rejects its new tasks and does not close the
     * runtime; {@code shutdownNow()} cancels its fibers; closing the runtime terminates the view.
     * Its futures park a waiting fiber. See docs/embedding.md, "Interop".
     *
     * @return a new view; each call returns an independent one
     */
    public java.util.concurrent.ExecutorService executorService() {
        return new FiberExecutorService(this);
    }

    /**
     * Go's main: runs {@code main} in a fiber and blocks the caller (parks it, if it is a fiber) until
     * that fiber ends. Its failure is thrown here as a {@link java.util.concurrent.CompletionException}
     * and is not also passed to the exception handler.
     */
    public <T> T run(Callable<T> main) {
        Fiber<T> f = this.<T>spawnFiber("main", main, false);
        if (deadlockGrace != null && Fiber.current() == null) {
            awaitMainOrDeadlock(f);
        }
        return f.join();
    }

    /** See DeadlockDetector. Polls every CHECK_MILLIS while main runs. */
    private void awaitMainOrDeadlock(Fiber<?> main) {
        final long checkNanos = TimeUnit.MILLISECONDS.toNanos(50);
        DeadlockDetector detector = main.core().deadlockDetector(Timeouts.toNanos(deadlockGrace));
        while (!main.awaitTerminationUncounted(checkNanos)) {
            if (detector.deadlocked(System.nanoTime())) {
                String report = detector.report();
                warnings.add("deadlock", report);
                throw new DeadlockException(report);
            }
        }
    }

    /** body: a Callable<T>, or a Runnable (then T is Void). */
    private <T> Fiber<T> spawnFiber(String fiberName, Object body, boolean reportFailure) {
        Objects.requireNonNull(body, "body");
        CarrierThread carrier = CarrierThread.current(); // once: for the worker and the trace's parent
        Worker w = carrier != null && carrier.worker().scheduler() == scheduler ? carrier.worker() : null;
        int lc = lifecycle;
        if (lc == CLOSED || (lc == CLOSING && w == null)) {
            throw new RejectedExecutionException("runtime '" + name + "' is closed: create a new Runtime"
                    + " (or use Runtime.global()) to spawn more fibers");
        }
        if (maxFibers != Integer.MAX_VALUE && live.size() >= maxFibers) {
            throw new RejectedExecutionException("runtime '" + name + "' already has " + maxFibers
                    + " live fibers, its limit (Runtime.Builder.maxFibers): wait for some to end, or raise the limit");
        }
        Fiber<T> f = new Fiber<>(this, body, fiberName, reportFailure);
        FiberContinuation core = f.core();
        core.locals(FiberLocal.inheritedByChild()); // published to the carrier by start's submit
        core.register(live);
        if (w != null) {
            w.countSpawned();
        } else {
            spawnedOutside.increment();
        }
        Probe.spawn(scheduler, name, w != null ? w.index() : -1, core,
                carrier != null ? (TraceSubject) carrier.mounted() : null);
        core.start(w);
        return f;
    }

    /** The registry of live fibers (FiberContinuation registers and removes itself). */
    FiberRegistry live() {
        return live;
    }

    void reportUncaught(Fiber<?> f, Throwable error) {
        try {
            handler.uncaught(f, error);
        } catch (Throwable ignored) {
            // a failing handler must not kill the carrier
        }
    }

    private void reportTaskFailure(Runnable task, Throwable error) {
        synchronized (System.err) {
            System.err.print("Spindle runtime '" + name + "': a task failed on its carrier (the carrier goes on): ");
            error.printStackTrace(System.err);
        }
    }

    /*
     * Note on class loading: nothing in this class may pass a FiberContinuation where a FiberCore is
     * expected (or otherwise make the verifier load FiberCore): FiberCore extends Continuation, and
     * loading it without --add-exports fails with an IllegalAccessError before the constructor's
     * JvmFlags check can name the missing flag (MissingFlagTest). FiberContinuation does such
     * conversions itself (register, deadlockDetector).
     */

    Scheduler scheduler() {
        return scheduler;
    }

    BlockingPool blockingPool() {
        BlockingPool p = blockingPool;
        if (p == null) {
            synchronized (lifecycleLock) {
                p = blockingPool;
                if (p == null) {
                    if (lifecycle == CLOSED) {
                        throw new RejectedExecutionException("runtime '" + name + "' is closed");
                    }
                    p = new BlockingPool(name, scheduler);
                    blockingPool = p;
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ observation

    /** The blocking pool, or null if no fiber has made a blocking call yet. */
    BlockingPool blockingPoolIfStarted() {
        return blockingPool;
    }

    int blockingActive() {
        BlockingPool bp = blockingPool;
        return bp == null ? 0 : bp.activeCount();
    }


    public String name() {
        return name;
    }

    public int carriers() {
        return scheduler.carriers();
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return lifecycle != OPEN;
    }

    /** The live fibers at this moment (a copy). */
    public List<Fiber<?>> fibers() {
        List<FiberCore> cores = live.snapshot();
        List<Fiber<?>> out = new ArrayList<>(cores.size());
        for (FiberCore c : cores) {
            out.add(((FiberContinuation) c).fiber);
        }
        return out;
    }

    /** The carrier threads (a copy), for tests and tools. */
    public List<Thread> carrierThreads() {
        return scheduler.carrierThreads();
    }

    /** A snapshot of the scheduler counters. See {@link RuntimeStats}. */
    public RuntimeStats stats() {
        return stats(true);
    }

    /**
     * {@link #stats()}; {@code countParked == false} leaves parkedFibers at -1 instead of scanning
     * every live fiber (the MXBean's other attributes need no scan).
     */
    RuntimeStats stats(boolean countParked) {
        List<WorkerStats> ws = new ArrayList<>();
        long spawned = spawnedOutside.sum();
        long completed = 0;
        for (Worker w : scheduler.workers()) {
            WorkerStats c = w.stats();
            ws.add(c);
            spawned += c.spawned();
            completed += c.completed();
        }
        long parked = countParked ? parkedFibers() : -1;
        return new RuntimeStats(name, scheduler.carriers(), spawned, completed, live.size(), parked,
                scheduler.injectionQueueSize(), scheduler.searchingWorkers(), scheduler.parkedWorkers(),
                blockingActive(), watchdog != null ? watchdog.stalls() : 0, scheduler.compensations(),
                scheduler.extrasActive(), List.copyOf(ws),
                IoDrivers.netStats(this)); // the network poller's counters (io.spindle.net)
    }

    /** Live fibers parked right now (PARKED, TIMED_PARKED, PINNED): a scan of the registry. */
    long parkedFibers() {
        long parked = 0;
        for (FiberCore f : live.snapshot()) {
            if (FiberStates.isParked(f.stateCode())) {
                parked++;
            }
        }
        return parked;
    }

    /**
     * A dump of every live fiber: id, name, state, what it is parked on, and the stack of each
     * unmounted fiber (Go's goroutine dump). Also the MXBean operation {@code fiberDump}.
     */
    public String fiberDump() {
        return takeFiberDump().toString();
    }

    /** {@link #fiberDump()} as data. */
    public FiberDump takeFiberDump() {
        return FiberDumps.take(name, scheduler.carrierThreads(), live.snapshot());
    }

    /** Prints {@link #fiberDump()} to {@code out}. */
    public void printFiberDump(PrintStream out) {
        takeFiberDump().print(out);
    }

    /**
     * Starts the execution tracer (like Go's {@code runtime/trace}): every carrier records which
     * fiber ran when, parks, wakes (who woke whom), spawns and steals into its own ring buffer,
     * keeping the last 65,536 events per carrier (override:
     * {@code -Dspindle.trace.bufferEvents}). See docs/observability.md.
     *
     * @throws IllegalStateException if a trace is running already
     */
    public void startTrace() {
        startTrace(Tracer.DEFAULT_CAPACITY);
    }

    /** {@link #startTrace()} keeping the last {@code eventsPerCarrier} events (a power of two) per carrier. */
    public void startTrace(int eventsPerCarrier) {
        synchronized (lifecycleLock) {
            if (tracer != null) {
                throw new IllegalStateException("runtime '" + name + "' is being traced already");
            }
            if (consoleTracer != null) { // the user's trace replaces the console's (see overview: Console)
                consoleTracer.detach();
                consoleTracer = null;
            }
            tracer = newTracer(eventsPerCarrier);
        }
    }

    private Tracer newTracer(int eventsPerCarrier) {
        return Tracer.start(scheduler, name, scheduler.carrierThreads(), eventsPerCarrier,
                b -> BlockerNames.describeAtExport(b, x -> x instanceof Fiber<?> f ? f.name() : null));
    }

    /**
     * Stops the tracer and writes what it recorded as Chrome trace-event JSON, which Perfetto
     * (ui.perfetto.dev) and {@code chrome://tracing} open. Returns the number of events written.
     *
     * @throws IllegalStateException if no trace was started
     */
    public int stopTrace(Path jsonFile) throws IOException {
        try (Writer w = Files.newBufferedWriter(jsonFile)) {
            return stopTrace(w);
        }
    }

    /** {@link #stopTrace(Path)} to a writer (left open). */
    public int stopTrace(Writer out) throws IOException {
        Tracer t;
        synchronized (lifecycleLock) {
            t = tracer;
            if (t == null) {
                throw new IllegalStateException("runtime '" + name + "' is not being traced: call startTrace() first");
            }
            tracer = null;
        }
        var window = t.stop();
        consoleTracing(consoleWantsTrace()); // the console's own trace again, if a browser watches
        window.writeChromeJson(out);
        return window.size();
    }

    /**
     * A builder of {@link Thread.Builder.OfVirtual} whose virtual threads run on this runtime's
     * carriers and scheduler (its queues, runnext and stealing) instead of the JDK's ForkJoinPool.
     * Separates the scheduler's effect from that of continuations and channels in benchmarks.
     * Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (on the module path:
     * {@code =io.spindle.runtime}); without it this throws
     * {@link MissingJvmFlagException}. Uses JDK 25's package-private
     * {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor.
     */
    public Thread.Builder.OfVirtual virtualThreadBuilder() {
        return JvmFlags.virtualThreadBuilder(new VirtualThreadScheduler(scheduler), MissingJvmFlagException::new);
    }

    // ------------------------------------------------------------------ console

    /**
     * Where the live web console listens ({@code http://127.0.0.1:<port>/}), or empty when it is off
     * (see {@link Builder#console(int)}).
     */
    public Optional<InetSocketAddress> consoleAddress() {
        return console == null ? Optional.empty() : Optional.of(console.address());
    }

    /** The console's server, or null (RuntimeConsole, tests). */
    ConsoleServer consoleServer() {
        return console;
    }

    DiagnosticsRing warnings() {
        return warnings;
    }

    /** A short tag for the console's warning list, from a diagnostics line (see StallWatchdog's reports). */
    static String warningKind(String line) {
        if (line.contains("synchronized monitor")) {
            return "monitor";
        } else if (line.contains("runaway")) {
            return "runaway";
        } else if (line.contains("has blocked carrier")) {
            return "stall";
        } else if (line.contains("deadlock")) {
            return "deadlock";
        } else if (line.contains("close() gave up")) {
            return "close";
        }
        return "warning";
    }

    private boolean consoleWantsTrace() {
        synchronized (lifecycleLock) {
            return consoleWantsTrace;
        }
    }

    /** See overview: Console. Called by the console's sampler thread. */
    void consoleTracing(boolean on) {
        synchronized (lifecycleLock) {
            consoleWantsTrace = on;
            if (on && tracer == null && consoleTracer == null && lifecycle != CLOSED) {
                consoleTracer = newTracer(CONSOLE_TRACE_EVENTS);
            } else if (!on && consoleTracer != null) {
                consoleTracer.detach();
                consoleTracer = null;
            }
        }
    }

    /** What the running trace (the user's, else the console's) recorded so far, or null. */
    io.spindle.runtime.internal.trace.TraceWindow peekTrace() {
        Tracer t;
        synchronized (lifecycleLock) {
            t = tracer != null ? tracer : consoleTracer;
        }
        return t == null ? null : t.peek();
    }

    /**
     * Events kept per carrier by the console's trace: 32768 (about 1.2 MB a carrier) covers the
     * timeline's two seconds for a moderately busy carrier; a carrier running millions of slices a
     * second fills it in milliseconds and the timeline then shows that shorter window.
     * Override: -Dspindle.console.traceEvents (a power of two).
     */
    static final int CONSOLE_TRACE_EVENTS = Integer.getInteger("spindle.console.traceEvents", 1 << 15);

    // ------------------------------------------------------------------ shutdown

    /** See the class comment: Shutdown. */
    @Override
    public void close() {
        if (isGlobal) {
            return;
        }
        synchronized (lifecycleLock) {
            if (lifecycle != OPEN) {
                return;
            }
            lifecycle = CLOSING;
        }
        if (scheduler.currentWorker() != null) {
            // called from one of our own fibers: it cannot wait for itself; finish on a helper thread
            Thread t = new Thread(this::finishClose, name + "-closer");
            t.setDaemon(true);
            t.start();
            return;
        }
        finishClose();
    }

    private void finishClose() {
        long timeoutNanos = Timeouts.toNanos(shutdownTimeout);
        // 1. let fibers that can make progress finish, until the carriers stay idle
        long deadline = System.nanoTime() + timeoutNanos;
        int idleChecks = 0;
        while (!live.isEmpty() && System.nanoTime() - deadline < 0 && idleChecks < 2) {
            idleChecks = isQuiescent() ? idleChecks + 1 : 0;
            sleepQuietly(1);
        }
        // 2. cancel what is left: parked fibers wake with FiberCancelledException
        for (FiberCore f : live.snapshot()) {
            f.cancel();
        }
        deadline = System.nanoTime() + timeoutNanos;
        while (!live.isEmpty() && System.nanoTime() - deadline < 0) {
            sleepQuietly(1);
        }
        lifecycle = CLOSED;
        // 3. stop the carriers (extra ones included), the stall watchdog and the blocking pool
        scheduler.shutdown();
        boolean stopped;
        try {
            stopped = scheduler.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        List<Thread> stuck = stopped ? List.of()
                : scheduler.carrierThreads().stream().filter(Thread::isAlive).toList();
        String stuckReport = watchdog != null && !stuck.isEmpty() ? watchdog.describeStuckCarriers(stuck) : "";
        if (watchdog != null) {
            watchdog.stopAndJoin();
        }
        BlockingPool bp = blockingPool;
        if (bp != null) {
            bp.shutdown();
        }
        IoDrivers.close(this); // stop this runtime's network poller (io.spindle.net), if it has one
        monitor.unregister();
        Tracer t;
        synchronized (lifecycleLock) {
            t = tracer;
        }
        if (t != null) {
            t.detach(); // a later stopTrace still writes what was recorded
        }
        if (console != null) {
            console.close(); // the port is free when close() returns
        }
        synchronized (lifecycleLock) {
            if (consoleTracer != null) {
                consoleTracer.detach();
                consoleTracer = null;
            }
        }
        if (!stopped || !live.isEmpty()) {
            String msg = "Spindle runtime '" + name + "': close() gave up after " + shutdownTimeout
                    + " with " + live.size() + " fiber(s) still running (a fiber that never parks cannot be"
                    + " cancelled, a carrier blocked outside Spindle cannot be stopped); "
                    + (stuck.isEmpty() ? "its carriers are daemon threads."
                            : stuck.size() + " carrier(s) are left behind:" + stuckReport)
                    + "\n" + fiberDump(); // like Go's dump on a deadlock: which fibers, doing what
            try {
                diagnosticsSink.accept(msg);
            } catch (RuntimeException ignored) {
                // a failing sink must not fail close()
            }
        }
    }

    private boolean isQuiescent() {
        return scheduler.allParked()
                && scheduler.injectionQueueSize() == 0
                && blockingActive() == 0;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Runtime[" + name + ", carriers=" + carriers() + (isClosed() ? ", closed" : "") + "]";
    }

    /** Builds a {@link Runtime}. */
    public static final class Builder {
        private int carriers = java.lang.Runtime.getRuntime().availableProcessors();
        private String name;
        private boolean daemon = true;
        private int queueCapacity = LocalQueue.DEFAULT_CAPACITY;
        private FiberExceptionHandler handler = FiberExceptionHandler.PRINT;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private int maxFibers = Integer.MAX_VALUE;
        private Duration deadlockGrace = Duration.ofMillis(Long.getLong("spindle.deadlockGraceMillis", 2000));
        private boolean diagnostics = Boolean.getBoolean("spindle.diagnostics");
        private Duration stallThreshold = Duration.ofMillis(Long.getLong("spindle.stallThresholdMillis",
                Long.getLong("spindle.runawayThresholdMillis", StallWatchdog.DEFAULT_THRESHOLD_MILLIS)));
        private boolean stallWatchdog = !"false".equals(System.getProperty("spindle.watchdog"));
        private int maxCompensation = DEFAULT_MAX_COMPENSATION;
        private java.util.function.Consumer<String> diagnosticsSink = System.err::println;
        private int consolePort = -1;

        private Builder() {
        }

        /** Number of carrier threads, at least 1. Default: available processors. */
        public Builder carriers(int carriers) {
            if (carriers < 1) {
                throw new IllegalArgumentException("carriers must be at least 1, got " + carriers);
            }
            this.carriers = carriers;
            return this;
        }

        /** Prefix of the carrier thread names. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Whether carriers are daemon threads (default true: a forgotten runtime never keeps the JVM alive). */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** Where uncaught fiber exceptions go. Default: {@link FiberExceptionHandler#PRINT}. */
        public Builder exceptionHandler(FiberExceptionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How long each shutdown phase of {@link #close()} may wait. Default 10 s. Like every duration
         * of the runtime, a huge one ({@code Duration.ofSeconds(Long.MAX_VALUE)}) saturates ("forever").
         */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdown timeout must not be negative, got " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /** Local run queue size per worker (a power of two >= 2). Default 256; small values for tests. */
        public Builder localQueueCapacity(int capacity) {
            if (capacity < 2 || Integer.bitCount(capacity) != 1) {
                throw new IllegalArgumentException("local queue capacity must be a power of two >= 2, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * The most live fibers this runtime accepts; a spawn beyond it throws
         * {@link RejectedExecutionException} and the runtime stays usable. Default: no limit (a spawn
         * that runs out of memory throws {@link OutOfMemoryError} to the spawner only).
         */
        public Builder maxFibers(int maxFibers) {
            if (maxFibers < 1) {
                throw new IllegalArgumentException("maxFibers must be at least 1, got " + maxFibers);
            }
            this.maxFibers = maxFibers;
            return this;
        }

        /**
         * Deadlock detection in {@link Runtime#run}: how long every fiber must stay parked with nothing
         * able to wake it before run fails with {@link DeadlockException}. Default 2 s (property
         * {@code spindle.deadlockGraceMillis}); {@code null} turns detection off. See DeadlockDetector.
         */
        public Builder deadlockGrace(Duration grace) {
            if (grace != null && grace.isNegative()) {
                throw new IllegalArgumentException("deadlock grace must not be negative, got " + grace);
            }
            this.deadlockGrace = grace;
            return this;
        }

        /**
         * Diagnostic mode (also {@code -Dspindle.diagnostics=true}): a park while the carrier holds a
         * {@code synchronized} monitor throws {@link SynchronizedParkException}, and stall reports
         * (see {@link #stallThreshold}) carry the carrier's whole stack. Slow; for tests and debugging.
         */
        public Builder diagnostics(boolean on) {
            this.diagnostics = on;
            return this;
        }

        /** Same as {@link #stallThreshold} (its name from before the watchdog was always on). */
        public Builder runawayThreshold(Duration threshold) {
            return stallThreshold(threshold);
        }

        /**
         * How long one fiber may hold its carrier before the always-on stall watchdog acts: it
         * reports the fiber once per call site (one line; with the stack in diagnostic mode) to the
         * {@linkplain #diagnosticsSink diagnostics sink}, lets other carriers take over that carrier's
         * waiting work, and, when the carrier is blocked outside Spindle (a monitor,
         * {@code Thread.sleep}, {@code Object.wait}, a j.u.c lock, blocking I/O) and no carrier is
         * idle, starts an extra carrier (see {@link #maxCompensation}). Default 200 ms
         * ({@code -Dspindle.stallThresholdMillis}). See docs/embedding.md.
         */
        public Builder stallThreshold(Duration threshold) {
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("stall threshold must be positive, got " + threshold
                        + "; to turn the watchdog off use stallWatchdog(false)");
            }
            this.stallThreshold = threshold;
            return this;
        }

        /**
         * Turns the stall watchdog, and with it compensation, on or off. Default on
         * ({@code -Dspindle.watchdog=false} turns it off). Off, a fiber that blocks its carrier
         * silently delays every fiber queued there.
         */
        public Builder stallWatchdog(boolean on) {
            this.stallWatchdog = on;
            return this;
        }

        /**
         * The most extra carriers that run at once to stand in for carriers blocked outside Spindle
         * (0: never compensate, only report). Default {@link Runtime#DEFAULT_MAX_COMPENSATION}.
         */
        public Builder maxCompensation(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxCompensation must not be negative, got " + max);
            }
            this.maxCompensation = max;
            return this;
        }

        /** Where stall reports, monitor details and close() warnings go, one string each. Default: {@code System.err}. */
        public Builder diagnosticsSink(java.util.function.Consumer<String> sink) {
            this.diagnosticsSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Serves a live web console of this runtime (carriers, queues, fibers, a timeline, park sites,
         * warnings) on {@code http://127.0.0.1:<port>/}, loopback only; {@code 0} picks a free port
         * ({@link Runtime#consoleAddress()} tells which). Off by default; off costs nothing (no
         * thread, no socket). While a browser watches, the runtime samples its counters 4 times a
         * second and records a trace for the timeline: see docs/observability.md, "Live console".
         * {@link #build()} throws {@link java.io.UncheckedIOException} if the port is taken.
         */
        public Builder console(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("console port must be 0 (any free port) to 65535, got " + port);
            }
            this.consolePort = port;
            return this;
        }

        public Runtime build() {
            return new Runtime(this, false);
        }
    }
}
