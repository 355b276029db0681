package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.sched.Scheduler;
import io.spindle.runtime.internal.sched.Worker;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Diagnostic mode: reports a fiber that holds its carrier longer than a threshold without reaching
 * a Spindle operation (Quasar's "runaway fiber" warning). A daemon thread samples every carrier
 * every threshold/4: when a carrier's tasksRun counter has not moved while the same fiber stays
 * mounted for at least the threshold, the fiber is reported once, with the carrier's stack.
 * Reading the counters and the mounted field from another thread is racy by design (plain fields):
 * a stale read only delays a report by one sample.
 */
public final class RunawayWatchdog implements Runnable {
    private final Scheduler scheduler;
    private final long thresholdNanos;
    private final Consumer<String> sink;
    private final long[] lastTasks;
    private final long[] since;
    private final boolean[] reported;
    private volatile boolean stopped;

    public RunawayWatchdog(Scheduler scheduler, Duration threshold, Consumer<String> sink) {
        this.scheduler = scheduler;
        this.thresholdNanos = threshold.toNanos();
        this.sink = sink;
        int n = scheduler.carriers();
        this.lastTasks = new long[n];
        this.since = new long[n];
        this.reported = new boolean[n];
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long periodMillis = Math.max(1, thresholdNanos / 4_000_000);
        while (!stopped) {
            sample(System.nanoTime());
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(long now) {
        List<Worker> workers = scheduler.workers();
        for (Worker w : workers) {
            int i = w.index();
            long tasks = w.tasksRun();
            Object mounted = w.mountedTask();
            if (tasks != lastTasks[i] || !(mounted instanceof FiberCore)) {
                lastTasks[i] = tasks;
                since[i] = now;
                reported[i] = false;
                continue;
            }
            if (!reported[i] && now - since[i] >= thresholdNanos) {
                reported[i] = true;
                report((FiberCore) mounted, w, now - since[i]);
            }
        }
    }

    private void report(FiberCore fiber, Worker w, long heldNanos) {
        StringBuilder b = new StringBuilder();
        b.append("Spindle diagnostics: runaway fiber ").append(fiber.name()).append(" has held carrier ")
                .append(w.carrierName()).append(" for ").append(heldNanos / 1_000_000)
                .append(" ms without reaching a Spindle operation; every other fiber queued on that carrier waits."
                        + " Park, yield (Fiber.yieldNow) or call into Spindle regularly, and move blocking calls"
                        + " or long computations to Fiber.blocking(...).\n");
        for (StackTraceElement e : w.carrierStackTrace()) {
            b.append("\tat ").append(e).append('\n');
        }
        try {
            sink.accept(b.toString());
        } catch (RuntimeException ignored) {
            // a failing sink must not stop the watchdog
        }
    }
}
