package io.spindle.bench.kotlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.bench.Result;
import io.spindle.bench.impl.ImplRunner;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import kotlin.KotlinVersion;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kotlin implementation: every workload at a tiny size on 1 and 2 threads, and its self-checks. */
class KotlinImplTest {
    static Stream<Arguments> cases() {
        return Workloads.ALL.stream().flatMap(w -> Stream.of(1, 2).map(t -> Arguments.of(w.name(), t)));
    }

    @ParameterizedTest(name = "{0} on {1} thread(s)")
    @MethodSource("cases")
    @Timeout(120)
    void givenTinySize_whenRun_thenCompletesValidatesAndPrintsAParseableLine(String workload, int threads)
            throws Exception {
        Workload w = Workloads.byName(workload);
        try (ImplRunner kotlin = Impls.runner("kotlin", threads)) {
            Result r = kotlin.runOnce(w, w.tinyN()); // a failed self-check throws

            Result parsed = Result.parse(r.line());
            assertEquals(workload, parsed.workload());
            assertEquals("kotlin", parsed.impl());
            assertTrue(parsed.ops() > 0 && parsed.ops() <= w.tinyN(), r.line());
            assertEquals(workload.equals("parked"), parsed.measuresMemory(), r.line());
        }
    }

    @Test
    @Timeout(60)
    void givenSkynetSizeNotAPowerOfTen_whenRun_thenRejected() {
        KotlinWorkloads kotlin = new KotlinWorkloads(2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kotlin.run("skynet", 12));
        assertTrue(e.getMessage().contains("power of 10"), e.getMessage());
    }

    @Test
    void givenALatchCountedDownTooOften_whenCountedDown_thenWrongResult() {
        Latch latch = new Latch(1);
        latch.countDown();

        assertThrows(KotlinWrongResultException.class, latch::countDown);
    }

    @Test
    void givenAnUnknownWorkload_whenRun_thenRejectedByName() {
        KotlinWorkloads kotlin = new KotlinWorkloads(2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kotlin.run("nope", 1));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void givenTheDescription_thenItNamesTheDispatcherAndVersions() {
        String d = Impls.describe("kotlin", 1);
        assertTrue(d.contains("limitedParallelism(1)") && d.contains(KotlinVersion.CURRENT.toString())
                && d.matches(".*kotlinx-coroutines \\d+\\.\\d+.*"), d);
    }
}
