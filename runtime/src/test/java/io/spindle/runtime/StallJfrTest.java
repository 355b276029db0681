package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.jfr.CarrierStallEvent;
import io.spindle.runtime.jfr.CompensationEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every stall is a JFR io.spindle.CarrierStall event, every extra carrier an io.spindle.Compensation event. */
@Timeout(120)
class StallJfrTest {

    @Test
    void givenAFiberInThreadSleepOnOneCarrier_thenTheRecordingHasAStallAndACompensation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stall.jfr");
        try (Runtime rt = Runtime.builder().carriers(1).name("jfr-stall").stallThreshold(Duration.ofMillis(50))
                .diagnosticsSink(r -> { }).build();
             Recording recording = new Recording()) {
            recording.enable(CarrierStallEvent.class).withoutThreshold();
            recording.enable(CompensationEvent.class).withoutThreshold();
            recording.start();
            AtomicBoolean sleeperDone = new AtomicBoolean();
            Fiber<Void> sleeper = rt.spawn(() -> {
                Fiber.sleep(Duration.ofMillis(10));
                sleeperDone.set(true);
            });
            Fiber<Boolean> blocker = rt.spawn(() -> CarrierBlockingTest.sleepThreadUntil(sleeperDone));
            sleeper.join();
            assertEquals(Boolean.TRUE, blocker.join());
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> stalls = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.spindle.CarrierStall")).toList();
        List<RecordedEvent> compensations = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.spindle.Compensation")).toList();
        assertFalse(stalls.isEmpty(), "no CarrierStall event in " + events.size() + " events");
        RecordedEvent s = stalls.get(0);
        assertEquals("WAITING", s.getString("kind"));
        assertEquals("jfr-stall", s.getString("runtime"));
        assertTrue(s.getString("frame").contains("Thread.sleep"), s.getString("frame"));
        assertTrue(s.getLong("heldMillis") > 0, s::toString);
        assertFalse(compensations.isEmpty(), "no Compensation event");
        assertTrue(compensations.get(0).getString("carrier").startsWith("jfr-stall-carrier-"), compensations.get(0)::toString);
    }
}
