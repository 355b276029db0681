package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.jfr.BlockingOffloadEvent;
import io.spindle.runtime.jfr.FiberEndEvent;
import io.spindle.runtime.jfr.FiberParkEvent;
import io.spindle.runtime.jfr.FiberPinnedEvent;
import io.spindle.runtime.jfr.FiberStartEvent;
import io.spindle.runtime.jfr.FiberWakeEvent;
import io.spindle.runtime.jfr.StealEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.internal.vm.Continuation;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a JFR file with Spindle's events, reads it back with jdk.jfr.consumer and prints a
 * summary: the round trip that docs/observability.md describes.
 */
@Timeout(120)
class JfrRoundTripTest {

    /** Spawns, sleeps, joins, a blocking call, a pinned park, and yields on several carriers (steals). */
    private static void workload(Runtime rt) {
        rt.run(() -> {
            List<Fiber<Integer>> kids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int v = i;
                kids.add(Fiber.spawn(() -> {
                    Fiber.sleep(Duration.ofMillis(2));
                    for (int y = 0; y < 50; y++) {
                        Fiber.yieldNow();
                    }
                    return v;
                }));
            }
            int blocked = Fiber.blocking(() -> 42);
            Continuation.pin();
            try {
                // cannot unmount: pinned. In a loop: a permit left by the blocking call's wake-up
                // may end the first park at once
                long deadline = System.nanoTime() + 1_000_000;
                for (long left = 1_000_000; left > 0; left = deadline - System.nanoTime()) {
                    Strand.parkNanos(rt, left);
                }
            } finally {
                Continuation.unpin();
            }
            int sum = blocked;
            for (Fiber<Integer> k : kids) {
                sum += k.join();
            }
            return sum;
        });
    }

    @Test
    void givenARecordingOfSpindleEvents_whenReadBack_thenEveryKindIsThere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spindle.jfr");
        try (Runtime rt = Runtime.builder().carriers(2).name("jfr").build();
             Recording recording = new Recording()) {
            // given
            for (Class<? extends jdk.jfr.Event> c : List.of(FiberStartEvent.class, FiberEndEvent.class,
                    FiberParkEvent.class, FiberWakeEvent.class, StealEvent.class, FiberPinnedEvent.class,
                    BlockingOffloadEvent.class)) {
                recording.enable(c).withoutThreshold();
            }
            recording.start();

            // when
            workload(rt);
            recording.stop();
            recording.dump(file);
        }

        // then
        Map<String, Integer> counts = new TreeMap<>();
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        for (RecordedEvent e : events) {
            counts.merge(e.getEventType().getName(), 1, Integer::sum);
        }
        System.out.println("JFR round trip: " + events.size() + " Spindle events in " + file.getFileName() + ": " + counts);
        assertEquals(21, counts.getOrDefault("io.spindle.FiberStart", 0), counts::toString); // main + 20
        assertTrue(counts.getOrDefault("io.spindle.FiberEnd", 0) >= 21, counts::toString);
        assertTrue(counts.getOrDefault("io.spindle.FiberPark", 0) >= 20, counts::toString);
        assertTrue(counts.getOrDefault("io.spindle.FiberWake", 0) >= 20, counts::toString);
        assertEquals(1, counts.getOrDefault("io.spindle.BlockingOffload", 0), counts::toString);
        assertTrue(counts.getOrDefault("io.spindle.FiberPinned", 0) >= 1, counts::toString);
        RecordedEvent pinned = events.stream().filter(e -> e.getEventType().getName().equals("io.spindle.FiberPinned"))
                .findFirst().orElseThrow();
        assertEquals("main", pinned.getString("fiberName"));
        assertTrue(pinned.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().equals(JfrRoundTripTest.class.getName())));
        RecordedEvent sleepPark = events.stream().filter(e -> e.getEventType().getName().equals("io.spindle.FiberPark")
                && e.getLong("timeout") > 0).findFirst().orElseThrow();
        assertTrue(sleepPark.getDuration().toNanos() > 0);
    }
}
