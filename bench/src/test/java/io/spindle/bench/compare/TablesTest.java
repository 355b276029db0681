package io.spindle.bench.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.bench.Result;
import io.spindle.bench.impl.Impls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compare table a newcomer reads: ties marked, every implementation and column explained, the machine detected. */
class TablesTest {
    private static Comparison sample() {
        Comparison c = new Comparison(List.of("spindle", "loom-juc", "kotlin"), "compare --quick", 4, 1, 2);
        add(c, "pingpong", "spindle", 100, 300, 310, 320); // warm-up 100, then 300..320
        add(c, "pingpong", "loom-juc", 900, 600, 610, 620); // clearly slower: spindle wins
        add(c, "pingpong", "kotlin", 500, 250, 290, 330); // 6% faster, within the spreads: a tie
        addParked(c, "spindle", 891);
        addParked(c, "loom-juc", 890);
        addParked(c, "kotlin", 265);
        c.addStats("pingpong", "spindle", new StatsDelta(10, 5, 3, 1, 1, 1, 2, 0, 1));
        c.end = c.start;
        return c;
    }

    private static void add(Comparison c, String w, String impl, double... nsPerOp) {
        c.cell(w, impl).n = 1000;
        for (int i = 0; i < nsPerOp.length; i++) {
            c.add(new Result(w, impl, 1000, nsPerOp[i] * 1000 / 1e6, -1), i == 0);
        }
    }

    private static void addParked(Comparison c, String impl, long bytes) {
        c.cell("parked", impl).n = 500;
        for (int i = 0; i < 4; i++) {
            c.add(new Result("parked", impl, 500, 10, bytes), i == 0);
        }
    }

    @Test
    void givenAnOverlappingSpread_whenRendered_thenTheCellSaysTieAndTheLastColumnNamesTheWinnerOtherwise() {
        Comparison c = sample();

        assertTrue(Tables.cellText(c, "pingpong", "kotlin").endsWith("x tie)"), Tables.cellText(c, "pingpong", "kotlin"));
        assertTrue(Tables.cellText(c, "pingpong", "loom-juc").matches("610 ±1\\.6% \\(1\\.97x\\)"),
                Tables.cellText(c, "pingpong", "loom-juc"));
        assertTrue(Tables.verdictText(c, "pingpong", false).startsWith("tie with kotlin"),
                Tables.verdictText(c, "pingpong", false));
    }

    @Test
    void givenParkedBytesOneApart_whenRendered_thenATieNotALoss() {
        Comparison c = sample();

        assertTrue(Tables.cellText(c, "parked", "loom-juc").endsWith("tie)"), Tables.cellText(c, "parked", "loom-juc"));
        assertTrue(Tables.verdictText(c, "parked", true).startsWith("3.36x larger than kotlin"),
                Tables.verdictText(c, "parked", true));
        assertFalse(Tables.text(c).contains("loses"));
    }

    @Test
    void givenAComparison_whenRendered_thenEveryImplementationAndStatsColumnIsExplained() {
        Comparison c = sample();
        String text = Tables.text(c);
        String md = Tables.markdown(c);

        for (String impl : c.impls) {
            assertTrue(text.contains("  " + impl + ": " + Impls.describe(impl, 2)), impl + " in\n" + text);
            assertTrue(md.contains("- " + impl + ": "), impl + " in\n" + md);
        }
        for (String column : Tables.stats(c).get(0)) {
            if (!column.equals("workload") && !column.equals("impl")) {
                assertTrue(Tables.statsLegend().stream().anyMatch(l -> l.contains(column)), column);
            }
        }
        assertTrue(text.contains("tie: ") && text.contains("(r x)") && text.contains("median absolute deviation")
                && text.contains("unit: ns/op"), text);
    }

    @Test
    void givenAComparison_whenRendered_thenTheMachineIsDetectedNotHardCoded() {
        String text = Tables.text(sample());
        int cores = Runtime.getRuntime().availableProcessors();

        assertTrue(text.contains("Machine (detected): " + cores + (cores == 1 ? " core" : " cores") + ", JDK "
                + System.getProperty("java.runtime.version")), text);
        assertFalse(text.contains("2-core"), text);
    }

    @Test
    void givenTheCsv_thenItCarriesSpreadAndVerdictPerImplementation() {
        String csv = Tables.csv(sample());

        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",spread_pct,verdict_vs_spindle"), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("pingpong,kotlin,") && l.endsWith(",tie")), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("pingpong,loom-juc,") && l.endsWith(",win")), csv);
    }
}
