package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compensation is bounded: fibers that all block their carriers in Thread.sleep get at most
 * {@code maxCompensation} extra carriers (default 256, docs/embedding.md), never one thread each;
 * every fiber still completes and close() stops every extra carrier.
 */
@Timeout(300)
class CompensationBoundTest {

    @Test
    void givenManyFibersInThreadSleep_thenExtraCarriersStayWithinTheConfiguredBound() throws Exception {
        int fibers = StressConfig.scaled(1000);
        int bound = 8;
        int carriers = 2;
        List<String> reports = new CopyOnWriteArrayList<>();
        Runtime rt = Runtime.builder().carriers(carriers).name("bound-8").stallThreshold(Duration.ofMillis(20))
                .maxCompensation(bound).diagnosticsSink(reports::add).build();
        int peak = runAllSleeping(rt, fibers, 10);
        assertTrue(peak <= carriers + bound, "peak carrier threads " + peak + " > " + carriers + " + " + bound);
        assertTrue(rt.stats().compensations() >= 1, rt.stats()::toString);
        rt.close();
        assertEquals(0, CarrierBlockingTest.runtimeThreads(rt), "close() left carriers behind");
    }

    @Test
    void givenAThousandFibersInThreadSleep_thenTheDefaultBoundKeepsThreadsFarBelowAThousand() throws Exception {
        int carriers = 2;
        Runtime rt = Runtime.builder().carriers(carriers).name("bound-default")
                .stallThreshold(Duration.ofMillis(20)).diagnosticsSink(r -> { }).build();
        int peak = runAllSleeping(rt, 1000, 5);
        assertTrue(peak <= carriers + Runtime.DEFAULT_MAX_COMPENSATION,
                "peak carrier threads " + peak + " > " + carriers + " + " + Runtime.DEFAULT_MAX_COMPENSATION);
        rt.close();
        assertEquals(0, CarrierBlockingTest.runtimeThreads(rt), "close() left carriers behind");
    }

    /** Runs {@code n} fibers that each Thread.sleep {@code millis} 6 times; returns the peak carrier-thread count. */
    private static int runAllSleeping(Runtime rt, int n, long millis) throws Exception {
        AtomicInteger done = new AtomicInteger();
        List<Fiber<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(rt.spawn(() -> {
                for (int k = 0; k < 6; k++) {
                    Thread.sleep(millis);
                }
                done.incrementAndGet();
                return null;
            }));
        }
        int peak = 0;
        while (done.get() < n) {
            peak = Math.max(peak, CarrierBlockingTest.runtimeThreads(rt));
            Thread.sleep(5);
        }
        for (Fiber<Void> f : all) {
            f.join();
        }
        assertEquals(n, done.get());
        return Math.max(peak, 1);
    }
}
