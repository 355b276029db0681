package io.spindle.bench.floor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RawHandoffTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyValueMakesTheRoundTrip() {
        // run() checks the sum of the echoed values itself (throws IllegalStateException if a
        // hand-off was lost or doubled); it returns the elapsed time of the timed part
        long nanos = new RawHandoff().run(10_000);
        assertTrue(nanos > 0, "elapsed " + nanos);
    }
}
