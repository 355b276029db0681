package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lock-order inversion (ABBA) between two fibers over two {@code synchronized} monitors is a real
 * deadlock: it is reported by {@link Runtime#run} as a {@link DeadlockException} that names both
 * monitors, instead of hanging silently; and close() says which carriers it has to leave behind.
 *
 * <p>The carriers stuck in monitorenter can never be freed (nothing in the JVM breaks a monitor
 * deadlock), so each case leaves two daemon threads of its own runtime behind, by design.
 */
@Timeout(60)
class MonitorDeadlockTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @ValueSource(ints = {1, 2})
    void givenAMonitorAbbaBetweenTwoFibers_thenRunReportsADeadlockNamingBothMonitors(int carriers) {
        List<String> reports = new CopyOnWriteArrayList<>();
        Runtime rt = Runtime.builder().carriers(carriers).name("abba-" + carriers)
                .stallThreshold(Duration.ofMillis(50)).deadlockGrace(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofMillis(500)).diagnosticsSink(reports::add).build();
        Object a = new Object();
        Object b = new Object();
        AtomicInteger holding = new AtomicInteger();
        DeadlockException e = assertThrows(DeadlockException.class, () -> rt.run(() -> {
            Fiber<Void> f1 = Fiber.spawn(() -> lockBoth(a, b, holding));
            Fiber<Void> f2 = Fiber.spawn(() -> lockBoth(b, a, holding));
            f1.join();
            f2.join();
            return null;
        }));
        String msg = e.getMessage();
        assertTrue(msg.contains("deadlock"), msg);
        assertTrue(msg.contains(monitorName(a)), () -> "monitor a " + monitorName(a) + " not named: " + msg);
        assertTrue(msg.contains(monitorName(b)), () -> "monitor b " + monitorName(b) + " not named: " + msg);
        assertTrue(msg.contains("lockBoth"), msg);

        rt.close(); // gives up on the two stuck carriers, but not silently
        String all = String.join("\n", reports);
        assertTrue(all.contains("left behind") && all.contains("monitor"), all);
    }

    /**
     * Two carriers, and the waiter makes sure it runs on the other one: a j.u.c lock belongs to the
     * carrier THREAD, so on the holder's own carrier the waiter would simply re-enter it
     * (docs/embedding.md: Monitors).
     */
    @Test
    void givenAFiberWaitingForAJucLockHeldByAParkedFiber_thenRunReportsADeadlockNamingTheLock() {
        Runtime rt = Runtime.builder().carriers(2).name("juc-deadlock")
                .stallThreshold(Duration.ofMillis(50)).deadlockGrace(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofMillis(500)).diagnosticsSink(r -> { }).build();
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        DeadlockException e = assertThrows(DeadlockException.class, () -> rt.run(() -> {
            Fiber<Void> holder = Fiber.spawn(() -> {
                lock.lock(); // on its carrier thread, which stays the lock's owner
                waitForeverHoldingTheLock();
            });
            while (!lock.isLocked()) {
                Fiber.sleep(Duration.ofMillis(1));
            }
            Fiber<Void> waiter = Fiber.spawn(() -> {
                while (lock.isHeldByCurrentThread()) {
                    Fiber.yieldNow(); // until the other carrier has taken this fiber
                }
                lock.lock(); // blocks this carrier in AQS: WAITING, owner = the holder's carrier
            });
            waiter.join();
            holder.join();
            return null;
        }));
        String msg = e.getMessage();
        assertTrue(msg.contains("deadlock") && msg.contains("waits for a lock"), msg);
        assertTrue(msg.contains("ReentrantLock$NonfairSync@"), msg);
        rt.close(); // the waiting carrier cannot be freed: close() says so instead of hanging
    }

    static void waitForeverHoldingTheLock() {
        while (true) {
            Strand.park();
        }
    }

    /** Takes {@code first}, waits (parked, holding it) until the other fiber holds its first, then takes {@code second}. */
    static void lockBoth(Object first, Object second, AtomicInteger holding) {
        synchronized (first) {
            holding.incrementAndGet();
            while (holding.get() < 2) {
                Fiber.sleep(Duration.ofMillis(5));
            }
            synchronized (second) {
                throw new AssertionError("both monitors taken: no deadlock");
            }
        }
    }

    /** How ThreadMXBean's LockInfo names a monitor: class name @ identity hash in hex. */
    static String monitorName(Object o) {
        return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
}
