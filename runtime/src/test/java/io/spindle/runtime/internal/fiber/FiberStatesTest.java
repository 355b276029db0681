package io.spindle.runtime.internal.fiber;

import static io.spindle.runtime.internal.fiber.FiberStates.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transition table as data: exactly the documented transitions, nothing else. */
class FiberStatesTest {

    @Test
    void theTableHoldsExactlyTheDocumentedTransitions() {
        Set<String> expected = Set.of(
                "NEW>RUNNABLE", "RUNNABLE>RUNNING", "RUNNING>PARKING", "RUNNING>TIMED_PARKING",
                "RUNNING>YIELDING", "RUNNING>TERMINATED", "PARKING>PARKED", "PARKING>PINNED",
                "TIMED_PARKING>TIMED_PARKED", "TIMED_PARKING>PINNED", "PINNED>RUNNING", "PARKED>RUNNABLE",
                "TIMED_PARKED>RUNNABLE", "YIELDING>RUNNING", "YIELDING>RUNNABLE");
        Set<String> actual = new HashSet<>();
        for (int from = 0; from < COUNT; from++) {
            for (int to = 0; to < COUNT; to++) {
                if (allowed(from, to)) {
                    actual.add(name(from) + ">" + name(to));
                }
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void terminatedIsFinal_andOnlyParkedStatesCountAsParked() {
        for (int to = 0; to < COUNT; to++) {
            assertFalse(allowed(TERMINATED, to), name(to));
        }
        assertTrue(isParked(PARKED) && isParked(TIMED_PARKED) && isParked(PINNED));
        assertFalse(isParked(PARKING) || isParked(TIMED_PARKING) || isParked(RUNNABLE) || isParked(RUNNING));
    }
}
