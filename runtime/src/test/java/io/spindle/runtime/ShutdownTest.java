package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close(), rejected spawns, thread leaks, and an idle runtime using no CPU. */
@Timeout(120)
class ShutdownTest {

    @Test
    void givenAClosedRuntime_whenSpawning_thenRejectedExecutionException() {
        Runtime rt = Runtime.builder().carriers(2).build();
        rt.close();
        assertTrue(rt.isClosed());
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> rt.execute(() -> { }));
        rt.close(); // a second close is harmless
    }

    @Test
    void givenClose_thenTheCarrierThreadsStop() {
        Runtime rt = Runtime.builder().carriers(3).build();
        List<Thread> carriers = rt.carrierThreads();
        assertEquals(3, carriers.size());
        assertTrue(carriers.stream().allMatch(Thread::isAlive));
        rt.close();
        assertTrue(carriers.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void givenManyRuntimesCreatedAndClosed_thenNoThreadsLeak() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 20; i++) {
            try (Runtime rt = Runtime.builder().carriers(4).name("leak-check-" + i).build()) {
                rt.run(() -> Fiber.blocking(() -> 1) + Fiber.spawn(() -> 2).join());
            }
        }
        Set<String> leaked = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("leak-check-"))
                .map(Thread::getName).collect(Collectors.toSet());
        assertEquals(Set.of(), leaked);
    }

    @Test
    void givenQueuedWorkAtClose_thenItStillRunsBeforeTheCarriersStop() {
        AtomicInteger ran = new AtomicInteger();
        Runtime rt = Runtime.builder().carriers(2).build();
        for (int i = 0; i < 10_000; i++) {
            rt.spawn(ran::incrementAndGet);
        }
        rt.close();
        assertEquals(10_000, ran.get());
    }

    @Test
    void givenAFiberParkedForeverAtClose_thenItIsCancelledNotLeftHanging() {
        Runtime rt = Runtime.builder().carriers(1).shutdownTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger cleanedUp = new AtomicInteger();
        Fiber<Void> f = rt.spawn(() -> {
            try {
                while (true) {
                    Strand.park();
                }
            } finally {
                cleanedUp.incrementAndGet();
            }
        });
        while (!f.stateName().equals("PARKED")) {
            Thread.onSpinWait();
        }
        rt.close();
        assertTrue(f.isDone());
        assertEquals(1, cleanedUp.get());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(FiberCancelledException.class, e.getCause());
    }

    @Test
    void givenAnIdleRuntime_thenItsCarriersUseNoCpu() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Runtime rt = Runtime.builder().carriers(2).build()) {
            rt.run(() -> Fiber.spawn(() -> 1).join()); // let everything settle into park
            Thread.sleep(100);
            long cpuBefore = carrierCpu(mx, rt);
            Thread.sleep(1000);
            long used = carrierCpu(mx, rt) - cpuBefore;
            // a spinning carrier would burn ~1 s per carrier in this window
            assertTrue(used < Duration.ofMillis(100).toNanos(), "idle carriers used " + used / 1_000_000 + " ms of CPU");
            assertEquals(2, rt.stats().parkedWorkers(), rt.stats()::toString);
        }
    }

    private static long carrierCpu(ThreadMXBean mx, Runtime rt) {
        long sum = 0;
        for (Thread t : rt.carrierThreads()) {
            sum += mx.getThreadCpuTime(t.threadId());
        }
        return sum;
    }

    @Test
    void givenCloseFromInsideAFiber_thenTheRuntimeStillShutsDown() throws Exception {
        Runtime rt = Runtime.builder().carriers(2).build();
        rt.run(() -> {
            rt.close();
            return null;
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rt.carrierThreads().stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(rt.carrierThreads().stream().anyMatch(Thread::isAlive));
    }
}
