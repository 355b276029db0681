package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TraceExportTest {

    /** A small run: main spawns named children that sleep (timer wake) and are joined (unpark wakes). */
    private static void smallRun(Runtime rt, int children) {
        rt.run(() -> {
            List<Fiber<Integer>> kids = new ArrayList<>();
            for (int i = 0; i < children; i++) {
                int v = i;
                kids.add(Fiber.spawn(() -> rt.spawn("child-" + v, () -> {
                    Fiber.sleep(Duration.ofMillis(1));
                    Fiber.yieldNow();
                    return v;
                }).join()));
            }
            int sum = 0;
            for (Fiber<Integer> k : kids) {
                sum += k.join();
            }
            return sum;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(String json) {
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(json);
        return (List<Map<String, Object>>) root.get("traceEvents");
    }

    private static List<Map<String, Object>> ofPhase(List<Map<String, Object>> events, String ph) {
        return events.stream().filter(e -> ph.equals(e.get("ph"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> args(Map<String, Object> e) {
        return (Map<String, Object>) e.get("args");
    }

    @Test
    void givenATracedRun_whenStopped_thenTheFileIsChromeTraceJsonWithTheRunsEvents(@TempDir Path dir) throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("traced").build()) {
            // given
            rt.startTrace();
            smallRun(rt, 8);

            // when
            Path file = dir.resolve("trace.json");
            int written = rt.stopTrace(file);
            List<Map<String, Object>> events = events(Files.readString(file));

            // then: carrier tracks are named
            Set<Object> tracks = ofPhase(events, "M").stream().filter(e -> "thread_name".equals(e.get("name")))
                    .map(e -> args(e).get("name")).collect(Collectors.toSet());
            assertTrue(tracks.containsAll(Set.of("traced-carrier-0", "traced-carrier-1", "outside carriers")), tracks::toString);
            // every child ran in at least two slices (before its sleep, after it), and its last slice ended "done"
            List<Map<String, Object>> slices = ofPhase(events, "X");
            for (int i = 0; i < 8; i++) {
                String name = "child-" + i;
                List<Map<String, Object>> mine = slices.stream().filter(e -> name.equals(e.get("name"))).toList();
                assertTrue(mine.size() >= 2, name + ": " + mine);
                assertTrue(mine.stream().anyMatch(e -> "timed park".equals(args(e).get("end"))), mine::toString);
                assertTrue(mine.stream().anyMatch(e -> "done".equals(args(e).get("end"))), mine::toString);
            }
            // main parked on a child (a join) and was woken by an unpark
            assertTrue(slices.stream().anyMatch(e -> "main".equals(e.get("name")) && "park".equals(args(e).get("end"))
                    && String.valueOf(args(e).get("blocker")).startsWith("Fiber[")), slices::toString);
            List<Map<String, Object>> instants = ofPhase(events, "i");
            assertTrue(instants.stream().anyMatch(e -> String.valueOf(e.get("name")).startsWith("spawn fiber")));
            assertTrue(instants.stream().anyMatch(e -> "timer".equals(args(e).get("cause"))), "a timer wake");
            assertTrue(instants.stream().anyMatch(e -> "unpark".equals(args(e).get("cause"))), "an unpark wake");
            // a child's end wakes its joiner: the wake is credited to the child
            Set<Double> childIds = slices.stream().filter(e -> String.valueOf(e.get("name")).startsWith("child-"))
                    .map(e -> (Double) args(e).get("fiber")).collect(Collectors.toSet());
            assertTrue(instants.stream().anyMatch(e -> "unpark".equals(args(e).get("cause"))
                    && childIds.contains((Double) args(e).get("by"))), "a wake by an ending child");
            // flows come in start/finish pairs with the same id
            List<Object> starts = ofPhase(events, "s").stream().map(e -> e.get("id")).toList();
            List<Object> finishes = ofPhase(events, "f").stream().map(e -> e.get("id")).toList();
            assertFalse(starts.isEmpty());
            assertEquals(starts, finishes);
            // slices on one carrier do not overlap
            for (int tid = 0; tid < 2; tid++) {
                int t = tid;
                double end = -1;
                for (Map<String, Object> s : slices.stream().filter(e -> ((Double) e.get("tid")).intValue() == t)
                        .sorted((a, b) -> Double.compare((Double) a.get("ts"), (Double) b.get("ts"))).toList()) {
                    assertTrue((Double) s.get("ts") >= end, "overlap at " + s);
                    end = (Double) s.get("ts") + (Double) s.get("dur");
                }
            }
            assertTrue(written > 0);
        }
    }

    @Test
    void givenATinyRing_whenMoreEventsThanItHolds_thenTheLastWindowIsKeptAndStillValidJson() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(2).name("traced-tiny").build()) {
            rt.startTrace(8);
            smallRun(rt, 50);
            StringWriter out = new StringWriter();
            int written = rt.stopTrace(out);
            assertTrue(written <= 3 * 8, "at most 8 events per track, got " + written);
            events(out.toString()); // parses
        }
    }

    @Test
    void givenAFiberNameThatNeedsEscaping_thenTheTraceIsStillValidJson() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("traced-names").build()) {
            rt.startTrace();
            rt.spawn("say \"hi\"\n\t\\ \u0001", () -> 1).join();
            StringWriter out = new StringWriter();
            rt.stopTrace(out);
            assertTrue(ofPhase(events(out.toString()), "X").stream()
                    .anyMatch(e -> "say \"hi\"\n\t\\ \u0001".equals(e.get("name"))));
        }
    }

    @Test
    void givenNoTrace_whenStopped_thenIllegalState_andAStartedTraceCannotStartTwice() throws Exception {
        try (Runtime rt = Runtime.builder().carriers(1).name("traced-misuse").build()) {
            assertThrows(IllegalStateException.class, () -> rt.stopTrace(new StringWriter()));
            rt.startTrace();
            assertThrows(IllegalStateException.class, rt::startTrace);
            rt.stopTrace(new StringWriter());
            rt.startTrace(); // and again after a stop
            rt.stopTrace(new StringWriter());
        }
    }

    @Test
    void givenATraceStillRunning_whenTheRuntimeCloses_thenStopTraceStillWritesWhatWasRecorded() throws Exception {
        Runtime rt = Runtime.builder().carriers(1).name("traced-closed").build();
        rt.startTrace();
        rt.spawn("before-close", () -> 1).join();
        rt.close();
        StringWriter out = new StringWriter();
        rt.stopTrace(out);
        assertTrue(ofPhase(events(out.toString()), "X").stream().anyMatch(e -> "before-close".equals(e.get("name"))));
    }

    @Test
    void givenTwoRuntimes_whenOnlyOneIsTraced_thenTheOtherLeavesNoEventsInIt() throws Exception {
        try (Runtime traced = Runtime.builder().carriers(1).name("traced-a").build();
             Runtime other = Runtime.builder().carriers(1).name("traced-b").build()) {
            traced.startTrace();
            other.spawn("not-me", () -> 1).join();
            traced.spawn("me", () -> 1).join();
            StringWriter out = new StringWriter();
            traced.stopTrace(out);
            List<Map<String, Object>> slices = ofPhase(events(out.toString()), "X");
            assertTrue(slices.stream().anyMatch(e -> "me".equals(e.get("name"))));
            assertTrue(slices.stream().noneMatch(e -> "not-me".equals(e.get("name"))));
        }
    }
}
