package io.spindle.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tie rule: a difference inside the measured run-to-run spread (or under the floor) is a tie. */
class VerdictTest {
    @Test
    void givenOverlappingRanges_whenJudged_thenTieEvenWithALargeMedianRatio() {
        // spindle 100..300 (median 150), other 250..400 (median 300): 2x apart, but the ranges overlap
        Verdict v = Verdict.of(List.of(100.0, 140.0, 160.0, 300.0), List.of(250.0, 290.0, 310.0, 400.0));

        assertEquals(Verdict.Kind.TIE, v.kind());
        assertEquals(2.0, v.ratio(), 1e-9);
        assertEquals("tie with go (2.00x)", v.describe("go", false));
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
    void givenValues_thenHalfSpreadIsHalfTheRangeOverTheMedian() {
        assertEquals(0.25, Verdict.halfSpread(List.of(80.0, 100.0, 130.0)), 1e-9);
        assertTrue(Double.isNaN(Verdict.halfSpread(List.of(5.0))));
    }
}
