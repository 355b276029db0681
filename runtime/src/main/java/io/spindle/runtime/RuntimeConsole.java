package io.spindle.runtime;

import io.spindle.runtime.internal.console.ConsoleSource;
import io.spindle.runtime.internal.diag.DiagnosticsRing;
import io.spindle.runtime.internal.fiber.BlockingPool;
import io.spindle.runtime.internal.fiber.FiberRegistry;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.trace.TraceWindow;
import io.spindle.runtime.observe.RuntimeStats;

/** The web console's view of a {@link Runtime} (the console package may not import the API). */
final class RuntimeConsole implements ConsoleSource {
    private final Runtime rt;

    RuntimeConsole(Runtime rt) {
        this.rt = rt;
    }

    @Override public String name() { return rt.name(); }
    @Override public Scheduler scheduler() { return rt.scheduler(); }
    @Override public FiberRegistry fibers() { return rt.live(); }
    @Override public RuntimeStats stats() { return rt.stats(false); }
    @Override public int blockingActive() { return rt.blockingActive(); }
    @Override public DiagnosticsRing warnings() { return rt.warnings(); }
    @Override public void consoleTracing(boolean on) { rt.consoleTracing(on); }
    @Override public TraceWindow peekTrace() { return rt.peekTrace(); }

    @Override
    public int blockingThreads() {
        BlockingPool bp = rt.blockingPoolIfStarted();
        return bp == null ? 0 : bp.threadCount();
    }
}
