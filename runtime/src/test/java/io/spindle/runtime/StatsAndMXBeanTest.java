package io.spindle.runtime;

import io.spindle.runtime.observe.RuntimeStats;
import io.spindle.runtime.observe.SpindleRuntimeMXBean;
import io.spindle.runtime.observe.WorkerStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class StatsAndMXBeanTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private static ObjectName nameOf(Runtime rt) throws Exception {
        return new ObjectName("io.spindle:type=Runtime,name=" + rt.name());
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenATreeOfFibers_whenAllJoined_thenSpawnedEqualsCompletedPlusLive(int carriers) throws Exception {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            // given: main spawns 50 children, each spawns 3 grandchildren; plus 10 spawned from outside
            List<Fiber<Void>> outside = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                outside.add(rt.spawn(() -> Fiber.yieldNow()));
            }
            rt.run(() -> {
                List<Fiber<Integer>> kids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    kids.add(Fiber.spawn(() -> {
                        List<Fiber<Integer>> gk = new ArrayList<>();
                        for (int j = 0; j < 3; j++) {
                            gk.add(Fiber.spawn(() -> 1));
                        }
                        int s = 0;
                        for (Fiber<Integer> g : gk) {
                            s += g.join();
                        }
                        return s;
                    }));
                }
                for (Fiber<Integer> k : kids) {
                    k.join();
                }
                return null;
            });
            outside.forEach(Fiber::join);

            // when
            RuntimeStats s = Quiescence.await(rt, 0);

            // then: 1 main + 50 + 150 + 10
            assertEquals(211, s.spawned(), s::toString);
            assertEquals(s.spawned(), s.completed() + s.liveFibers(), s::toString);
            assertEquals(s.completed(), s.workers().stream().mapToLong(WorkerStats::completed).sum());
            assertTrue(s.tasksRun() >= s.completed(), s::toString);
            assertTrue(s.runnextHits() + s.localPolls() + s.globalPolls() <= s.tasksRun(), s::toString);
            assertTrue(s.steals() <= s.stealAttempts() && s.steals() <= s.tasksStolen(), s::toString);
        }
    }

    @Test
    void givenAParkedFiber_thenItCountsAsLiveAndParked_andTheMXBeanShowsTheSameNumbers() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("stats-parked").build()) {
            // given
            Fiber<Void> parked = rt.spawn(() -> Strand.park(this));
            Quiescence.awaitParked(parked);
            for (int i = 0; i < 20; i++) {
                rt.spawn(() -> 1).join();
            }

            // when
            RuntimeStats s = Quiescence.await(rt, 1);
            SpindleRuntimeMXBean bean = JMX.newMXBeanProxy(SERVER, nameOf(rt), SpindleRuntimeMXBean.class);

            // then
            assertEquals(1, s.parkedFibers());
            assertEquals(s.spawned(), s.completed() + s.liveFibers());
            assertEquals("stats-parked", bean.getName());
            assertEquals(2, bean.getCarriers());
            assertEquals(s.spawned(), bean.getFibersSpawned());
            assertEquals(s.completed(), bean.getFibersCompleted());
            assertEquals(1, bean.getLiveFibers());
            assertEquals(1, bean.getParkedFibers());
            assertEquals(2, bean.getParkedCarriers());
            assertEquals(0, bean.getInjectionQueueSize());
            assertEquals(s.tasksRun(), bean.getTasksRun());
            assertEquals(s.steals(), bean.getSteals());
            assertTrue(bean.statsTable().contains("runtime stats-parked: 2 carriers"), bean.statsTable());
            assertTrue(bean.fiberDump().contains("fiber " + parked.id()), bean.fiberDump());
            parked.unpark();
            parked.join();
        }
    }

    @Test
    void givenARuntime_whenClosed_thenItsMXBeanIsUnregistered() throws Exception {
        Runtime rt = Runtime.builder().carriers(1).name("stats-close").build();
        assertTrue(SERVER.isRegistered(nameOf(rt)));
        rt.close();
        assertFalse(SERVER.isRegistered(nameOf(rt)));
    }

    @Test
    void givenTwoRuntimesWithOneName_thenBothAreRegistered_andEachUnregistersItsOwn() throws Exception {
        try (Runtime a = Runtime.builder().carriers(1).name("stats-twin").build()) {
            Set<ObjectName> names;
            try (Runtime b = Runtime.builder().carriers(1).name("stats-twin").build()) {
                names = SERVER.queryNames(new ObjectName("io.spindle:type=Runtime,name=stats-twin,*"), null);
                assertEquals(2, names.size(), names::toString);
                assertNotNull(b);
            }
            assertEquals(1, SERVER.queryNames(new ObjectName("io.spindle:type=Runtime,name=stats-twin,*"), null).size());
            assertTrue(SERVER.isRegistered(nameOf(a)));
        }
    }

    @Test
    void givenANameWithJmxSpecialCharacters_thenItIsRegisteredQuoted() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("odd, name=\"x\"").build()) {
            ObjectName quoted = new ObjectName("io.spindle:type=Runtime,name=" + ObjectName.quote(rt.name()));
            assertTrue(SERVER.isRegistered(quoted));
            assertEquals(rt.name(), SERVER.getAttribute(quoted, "Name"));
        }
    }

    @Test
    void givenTheGlobalRuntime_thenItIsRegistered() throws Exception {
        Runtime g = Runtime.global();
        // it may have been created before this class made the platform server exist: then its bean
        // is registered by the background registrar (see RuntimeMonitor)
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!SERVER.isRegistered(nameOf(g)) && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        assertTrue(SERVER.isRegistered(nameOf(g)));
        assertNotEquals(0, (int) SERVER.getAttribute(nameOf(g), "Carriers"));
    }
}
