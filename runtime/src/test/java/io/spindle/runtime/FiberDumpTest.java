package io.spindle.runtime;

import io.spindle.runtime.observe.FiberSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FiberDumpTest {

    /** A blocker with a toString of its own, as a channel would have. */
    private static final class Gate {
        volatile boolean open;

        @Override
        public String toString() {
            return "Gate[" + (open ? "open" : "closed") + "]";
        }
    }

    private static void waitAtTheGate(Gate gate) {
        while (!gate.open) {
            Strand.park(gate);
        }
    }

    @Test
    void givenAFiberParkedOnABlocker_whenDumped_thenTheDumpShowsItsStateBlockerAndAFrameOfThisTest() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("dump").build()) {
            // given
            Gate gate = new Gate();
            Fiber<Object> waiter = rt.spawn("waiter", () -> {
                waitAtTheGate(gate);
                return null;
            });
            Quiescence.awaitParked(waiter);

            // when
            String dump = rt.fiberDump();
            FiberSnapshot snap = rt.takeFiberDump().fibers().stream()
                    .filter(f -> f.id() == waiter.id()).findFirst().orElseThrow();

            // then
            assertTrue(dump.contains("fiber " + waiter.id() + " \"waiter\" PARKED on Gate[closed] @"), dump);
            assertTrue(dump.contains("at io.spindle.runtime.FiberDumpTest.waitAtTheGate(FiberDumpTest.java:"), dump);
            assertEquals("PARKED", snap.state());
            assertTrue(snap.stack().stream().anyMatch(e -> e.getClassName().equals(FiberDumpTest.class.getName())
                    && e.getMethodName().startsWith("lambda$")), snap.stack()::toString);
            gate.open = true;
            waiter.unpark();
            waiter.join();
        }
    }

    @Test
    void givenSleepingJoiningAndRunnableFibers_whenDumped_thenEachShowsItsState() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("dump-states").build()) {
            // given: a sleeper, a fiber joining it, and (on the one carrier) a spinner holding the carrier
            Fiber<Void> sleeper = rt.spawn(() -> Fiber.sleep(Duration.ofMinutes(5)));
            Quiescence.awaitParked(sleeper);
            Fiber<Object> joiner = rt.spawn("joiner", () -> {
                try {
                    return sleeper.join();
                } catch (CompletionException cancelledAtTheEnd) {
                    return null;
                }
            });
            Quiescence.awaitParked(joiner);
            AtomicBoolean stop = new AtomicBoolean();
            Fiber<Void> spinner = rt.spawn(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            });
            while (!spinner.stateName().equals("RUNNING")) {
                Thread.sleep(1);
            }

            // when
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            rt.printFiberDump(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String dump = bytes.toString(StandardCharsets.UTF_8);

            // then
            assertTrue(dump.startsWith("Spindle fiber dump of runtime 'dump-states'"), dump);
            assertTrue(dump.contains("3 live fiber(s)"), dump);
            assertTrue(dump.contains("fiber " + sleeper.id() + " \"fiber-" + sleeper.id() + "\" SLEEPING"), dump);
            assertTrue(dump.contains("\"joiner\" PARKED on Fiber[fiber-" + sleeper.id() + ", SLEEPING]"), dump);
            assertTrue(dump.contains("fiber " + spinner.id() + " \"fiber-" + spinner.id()
                    + "\" RUNNING on carrier dump-states-carrier-0"), dump);
            stop.set(true);
            sleeper.cancel();
            joiner.join();
        }
    }

    @Test
    void givenNoFibers_whenDumped_thenTheDumpSaysSo() {
        try (Runtime rt = Runtime.builder().carriers(1).name("dump-empty").build()) {
            assertTrue(rt.fiberDump().contains(": 0 live fiber(s) {}"), rt.fiberDump());
        }
    }
}
