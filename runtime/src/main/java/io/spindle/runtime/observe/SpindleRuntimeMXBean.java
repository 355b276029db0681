package io.spindle.runtime.observe;

/**
 * JMX view of one {@code Runtime}, like the JDK's {@code jdk.management.VirtualThreadSchedulerMXBean}.
 * Every runtime registers one when it is created, under
 * {@code io.spindle:type=Runtime,name=<runtime name>} in the platform MBean server (jconsole,
 * VisualVM, JMC, {@code jcmd}-attached tools), and unregisters it at {@code Runtime.close()}.
 * Each attribute reads a fresh snapshot of the scheduler counters; only {@code ParkedFibers} scans
 * the live fibers. Disable with
 * {@code -Dspindle.jmx=false}.
 */
public interface SpindleRuntimeMXBean {
    String getName();
    int getCarriers();
    boolean isClosed();

    /** Fibers spawned and not yet ended. */
    long getLiveFibers();
    /** Live fibers parked (waiting for an unpark, a timer or, pinned, blocking their carrier). */
    long getParkedFibers();
    /** Tasks waiting in the global injection queue. */
    int getInjectionQueueSize();
    /** Carriers parked for lack of work. */
    int getParkedCarriers();
    /** Workers searching (stealing) right now. */
    int getSearchingCarriers();
    /** Blocking-pool threads running a {@code Fiber.blocking} call right now. */
    int getBlockingActive();

    long getFibersSpawned();
    long getFibersCompleted();
    long getTasksRun();
    long getRunnextHits();
    long getLocalPolls();
    long getGlobalPolls();
    long getStealAttempts();
    long getSteals();
    long getTasksStolen();
    long getCarrierParks();
    long getCarrierUnparks();
    long getPinned();
    long getBlockingCalls();
    long getTimersFired();
    long getOverflows();

    /** Runs of virtual threads built by {@code Runtime.virtualThreadBuilder()} (of TasksRun). */
    long getVirtualThreadRuns();
    /** Times a fiber held its carrier past the stall threshold (see docs/embedding.md). */
    long getStalls();
    /** Extra carriers started in total to stand in for carriers blocked outside Spindle. */
    long getCompensations();
    /** Extra carriers running now. */
    int getExtraCarriers();

    /** {@code Runtime.stats()} as a per-worker table. */
    String statsTable();

    /** {@code Runtime.fiberDump()}: every live fiber with its state, blocker and stack. */
    String fiberDump();
}
