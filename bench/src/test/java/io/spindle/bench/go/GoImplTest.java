package io.spindle.bench.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.bench.Result;
import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workload;
import io.spindle.bench.workload.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The go implementation: bench/go builds with the local toolchain, every workload runs at a tiny
 * size on 1 and 2 Ps and checks itself, and its errors come back as exceptions. Every test that
 * needs a toolchain is skipped, with the reason, when there is none.
 */
class GoImplTest {
    private static final Path SOURCE_DIR = Path.of("go"); // surefire runs in the module directory
    private static final List<GoImpl> OPEN = new ArrayList<>();

    @BeforeAll
    static void buildOnce() {
        if (GoToolchain.find().isPresent()) {
            OPEN.add(new GoImpl(2)); // builds the program (once; cached under target/go)
            OPEN.add(new GoImpl(1));
        }
    }

    @AfterAll
    static void close() {
        OPEN.forEach(GoImpl::close);
    }

    private static void assumeGo() {
        assumeTrue(GoToolchain.find().isPresent(), "skipped: " + GoToolchain.MISSING);
    }

    static Stream<Arguments> cases() {
        return Workloads.ALL.stream().flatMap(w -> Stream.of(2, 1).map(p -> Arguments.of(w.name(), p)));
    }

    @ParameterizedTest(name = "{0} with GOMAXPROCS={1}")
    @MethodSource("cases")
    @Timeout(120)
    void givenTinySize_whenRun_thenCompletesValidatesAndPrintsAParseableLine(String workload, int procs)
            throws Exception {
        assumeGo();
        Workload w = Workloads.byName(workload);
        GoImpl go = OPEN.get(procs == 2 ? 0 : 1);

        Result r = go.runOnce(w, w.tinyN()); // a failed self-check throws

        Result parsed = Result.parse(r.line());
        assertEquals(workload, parsed.workload());
        assertEquals("go", parsed.impl());
        assertTrue(parsed.ops() > 0 && parsed.ops() <= w.tinyN(), r.line());
        assertEquals(workload.equals("parked"), parsed.measuresMemory(), r.line());
        if (parsed.measuresMemory()) {
            assertTrue(parsed.bytesPerTask() > 0, "a parked goroutine costs memory: " + r.line());
        }
    }

    @Test
    @Timeout(60)
    void givenSkynetSizeNotAPowerOfTen_whenRun_thenTheGoErrorIsThrownAndTheProcessServesOn() throws Exception {
        assumeGo();
        GoImpl go = OPEN.get(0);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> go.runOnce(Workloads.byName("skynet"), 12));
        assertTrue(e.getMessage().contains("power of 10"), e.getMessage());

        assertEquals("skynet", go.runOnce(Workloads.byName("skynet"), 100).workload());
    }

    @Test
    void givenTheSourceList_thenItMatchesTheFilesInBenchGo() throws IOException {
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals("go.mod") || (n.endsWith(".go") && !n.endsWith("_test.go")))
                    .forEach(onDisk::add);
        }

        assertEquals(onDisk, new TreeSet<>(GoBuild.SOURCES), "GoBuild.SOURCES must list every file of bench/go");
    }

    @Test
    @Timeout(60)
    void givenTheGoProgram_whenListed_thenItHasTheJavaWorkloadsAndDefaultSizes() throws Exception {
        assumeGo();
        Path bin = GoBuild.binary(GoToolchain.find().orElseThrow());
        Process p = new ProcessBuilder(bin.toString(), "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));

        Map<String, Long> goSizes = new TreeMap<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            goSizes.put(f[0], Long.parseLong(f[1]));
        }
        Map<String, Long> javaSizes = new TreeMap<>();
        Workloads.ALL.forEach(w -> javaSizes.put(w.name(), w.defaultN()));
        assertEquals(javaSizes, goSizes);
    }

    @Test
    @Timeout(60)
    void givenAnUnknownWorkload_whenRunByHand_thenExitsWith2AndSaysWhich() throws Exception {
        assumeGo();
        Path bin = GoBuild.binary(GoToolchain.find().orElseThrow());
        Process p = new ProcessBuilder(bin.toString(), "nope").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));

        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("unknown workload 'nope'"), out);
    }

    @Test
    void givenTheDescription_thenItNamesTheGoReleaseOrWhyNot() {
        String d = Impls.describe("go", 2);
        if (GoToolchain.find().isPresent()) {
            assertTrue(d.startsWith("go1") && d.contains("GOMAXPROCS=2"), d);
        } else {
            assertTrue(d.startsWith("not available: ") && d.contains("ensure-go.sh"), d);
        }
    }
}
