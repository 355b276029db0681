package io.spindle.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tie rule: a difference inside the measured run-to-run spread (or under the floor) is a tie. */
class VerdictTest {
    @Test
    void givenOverlappingSpreads_whenJudged_thenTieEvenWithALargeMedianRatio() {
        // spindle median 150, MAD 30; other median 300, MAD 130: 150 apart <= 160 = 30 + 130
        Verdict v = Verdict.of(List.of(100.0, 140.0, 160.0, 300.0), List.of(100.0, 250.0, 350.0, 500.0));

        assertEquals(Verdict.Kind.TIE, v.kind());
        assertEquals(2.0, v.ratio(), 1e-9);
        assertEquals("tie with go (2.00x)", v.describe("go", false));
    }

    @Test
    void givenOneOutlierRepetition_whenJudged_thenTheOutlierDoesNotMakeATie() {
        // the measured pingpong reps of a loaded run: one go rep hit a burst of load (1422 ns)
        Verdict v = Verdict.of(List.of(2243.37, 1358.77, 1325.84, 2115.4), List.of(261.38, 251.73, 1421.83, 255.52));

        assertEquals(Verdict.Kind.LOSS, v.kind());
    }

    @Test
    void givenSeparateRanges_whenOtherIsSlower_thenSpindleWins() {
        Verdict v = Verdict.of(List.of(100.0, 110.0, 120.0), List.of(200.0, 210.0, 220.0));

        assertEquals(Verdict.Kind.WIN, v.kind());
        assertEquals("1.91x faster than kotlin", v.describe("kotlin", false));
    }

    @Test
    void givenSeparateRanges_whenOtherIsFaster_thenSpindleLoses() {
        Verdict v = Verdict.of(List.of(400.0, 410.0, 420.0), List.of(200.0, 205.0, 210.0));

        assertEquals(Verdict.Kind.LOSS, v.kind());
        assertEquals("2.00x slower than go", v.describe("go", false));
        assertEquals("2.00x larger than go", v.describe("go", true));
    }

    @Test
    void givenMediansWithinTheFloor_whenRangesDoNotOverlap_thenTie() {
        // the complaint of issue 13: "parked 891 vs 890: 1.00x spindle loses"
        Verdict v = Verdict.of(List.of(891.0, 891.0, 891.0), List.of(890.0, 890.0, 890.0));

        assertEquals(Verdict.Kind.TIE, v.kind());
    }

    @Test
    void givenOneMeasuredRep_whenOutsideTheFloor_thenNotJudged() {
        Verdict v = Verdict.of(List.of(100.0), List.of(150.0));

        assertEquals(Verdict.Kind.UNJUDGED, v.kind());
        assertTrue(v.describe("go", false).contains("no spread"), v.describe("go", false));
    }

    @Test
    void givenNoMeasurement_whenJudged_thenMissing() {
        assertEquals(Verdict.Kind.MISSING, Verdict.of(List.of(), List.of(1.0)).kind());
    }

    @Test
    void givenValues_thenSpreadIsTheMedianAbsoluteDeviationOverTheMedian() {
        // median 100; distances 20, 0, 30 -> MAD 20
        assertEquals(0.2, Verdict.spread(List.of(80.0, 100.0, 130.0)), 1e-9);
        // median 105; distances 25, 5, 5, 895 -> MAD 15: the outlier does not stretch it
        assertEquals(15.0 / 105, Verdict.spread(List.of(80.0, 100.0, 110.0, 1000.0)), 1e-9);
        assertTrue(Double.isNaN(Verdict.spread(List.of(5.0))));
    }
}
