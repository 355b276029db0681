package io.spindle.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.CarrierContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The MDC sample: with CarrierContext every request logs its own id and never another's. */
@Timeout(120)
class MdcRequestIdsTest {

    @Test
    void givenMdcRegistered_when10000FibersOn2CarriersPark_thenEachSeesOnlyItsOwnRequestId() {
        MdcRequestIds.Result r = MdcRequestIds.serve(10_000, 2, 4, true);
        assertEquals(10_000, r.completed(), "every request completed");
        assertEquals(40_000, r.checks(), "every step checked its MDC");
        assertEquals(0, r.wrong(), "MDC reads that showed another request's id (or none)");
        assertEquals(0, r.leaked(), "MDC reads in fibers that set no id but saw one");
        assertTrue(CarrierContext.registeredNames().isEmpty(), "the sample unregisters: " + CarrierContext.registeredNames());
    }

    @Test
    void givenMdcRegistered_whenOneCarrier_thenEachSeesOnlyItsOwnRequestId() {
        MdcRequestIds.Result r = MdcRequestIds.serve(2_000, 1, 4, true);
        assertEquals(0, r.wrong());
        assertEquals(0, r.leaked());
        assertEquals(2_000, r.completed());
    }

    @Test
    void givenNoRegistration_whenFibersShareACarrier_thenRequestIdsMix() {
        // the problem the registration solves: the MDC is the carrier's, shared by its fibers
        MdcRequestIds.Result r = MdcRequestIds.serve(2_000, 1, 4, false);
        assertTrue(r.wrong() > 0, "expected mixed request ids without the registration: " + r);
    }
}
