package io.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.bench.impl.Impls;
import io.spindle.bench.workload.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --help on every command of the bench jar, and options checked by name. */
class MainHelpTest {
    private static String stdoutOf(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Main.main(args); // help returns without System.exit
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givenCompareHelp_whenRun_thenPrintsEveryCompareOptionAndImplementation() throws Exception {
        String out = stdoutOf("compare", "--help");

        for (String option : List.of("--quick", "--workloads", "--impls", "--reps", "--warmup", "--carriers",
                "--timeout-s", "--fork", "--out", "--no-chart")) {
            assertTrue(out.contains(option), option + " in\n" + out);
        }
        Impls.NAMES.forEach(i -> assertTrue(out.contains(i), i));
    }

    @Test
    void givenHelpOnEveryCommand_whenRun_thenEachPrintsItsUsage() throws Exception {
        assertTrue(stdoutOf("latency", "-h").contains("latency [options]"));
        assertTrue(stdoutOf("help", "compare").contains("compare [options]"));
        for (var w : Workloads.ALL) {
            String out = stdoutOf(w.name(), "--impl", "go", "--help");
            assertTrue(out.contains("WORKLOAD --impl IMPL") && out.contains(w.name() + " " + w.defaultN()), out);
        }
        assertTrue(stdoutOf().startsWith("usage: "));
    }

    @Test
    void givenAMisspeltOption_whenParsed_thenRejectedNamingTheHelp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"compare", "--quik"}, List.of("quick"), List.of("reps")));

        assertTrue(e.getMessage().contains("--quik") && e.getMessage().contains("compare --help"), e.getMessage());
    }

    @Test
    void givenValuedAndFlagOptions_whenParsed_thenBothForms() {
        Args a = new Args(new String[] {"compare", "--reps=7", "--impls", "go,kotlin", "--quick"},
                List.of("quick"), List.of("reps", "impls"));

        assertEquals(7, a.getInt("reps", 0));
        assertEquals(List.of("go", "kotlin"), a.getList("impls", List.of()));
        assertTrue(a.flag("quick"));
    }

    @Test
    void givenTheLenientForm_whenAnUndeclaredOptionIsGiven_thenItTakesAValue() {
        Args a = new Args(new String[] {"server", "--port", "8080", "--quick"}, List.of("quick"));

        assertEquals(8080, a.getInt("port", 0));
        assertTrue(a.flag("quick"));
    }
}
