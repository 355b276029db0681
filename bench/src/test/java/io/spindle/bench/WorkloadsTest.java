package io.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every workload on every implementation at a tiny size: it completes, self-validates, and prints a parseable line. */
class WorkloadsTest {
    private static final List<Impl> IMPLS = new ArrayList<>();

    @BeforeAll
    static void createImpls() {
        for (String name : Impls.TASK_NAMES) {
            IMPLS.add(Impls.create(name, 2));
        }
    }

    @AfterAll
    static void closeImpls() {
        IMPLS.forEach(Impl::close);
    }

    static Stream<Arguments> cases() {
        return Workloads.ALL.stream().flatMap(w -> Impls.TASK_NAMES.stream().map(i -> Arguments.of(w.name(), i)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    @Timeout(60)
    void givenTinySize_whenRun_thenCompletesValidatesAndPrintsAParseableLine(String workload, String implName)
            throws Exception {
        Workload w = Workloads.byName(workload);
        Impl impl = IMPLS.stream().filter(i -> i.name().equals(implName)).findFirst().orElseThrow();

        Result r = Runner.once(w, impl, w.tinyN()); // a failed self-check throws

        Result parsed = Result.parse(r.line());
        assertEquals(workload, parsed.workload());
        assertEquals(implName, parsed.impl());
        assertTrue(parsed.ops() > 0);
        assertEquals(workload.equals("parked"), parsed.measuresMemory());
        String expectedTail = workload.equals("parked") ? "bytes_per_task=\\d+" : "ns_per_op=[0-9.]+";
        assertTrue(r.line().matches("workload=" + workload + " impl=" + implName
                + " ops=\\d+ total_ms=[0-9.]+ " + expectedTail), r.line());
    }

    @Test
    void givenAWrongLine_whenParsed_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> Result.parse("workload=x impl=y ops=1"));
    }

    @Test
    void givenReps_whenMedian_thenWarmupIsSkipped() {
        List<Result> reps = List.of(new Result("w", "i", 1000, 999, -1), new Result("w", "i", 1000, 2, -1),
                new Result("w", "i", 1000, 4, -1), new Result("w", "i", 1000, 3, -1));
        assertEquals(3.0, Runner.median(reps, 1).totalMs());
    }
}
