package io.spindle.sync;

import static io.spindle.channels.TestSupport.runIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.channels.TestSupport;
import io.spindle.runtime.Fiber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class OnceTest {

    @ParameterizedTest(name = "{0} carrier(s)")
    @MethodSource("io.spindle.channels.TestSupport#carriers")
    void givenManyConcurrentCallers_whenRun_thenTheActionRunsOnceAndEveryCallerSeesItFinished(int carriers) {
        runIn(carriers, () -> {
            Once once = new Once();
            AtomicInteger runs = new AtomicInteger();
            AtomicBoolean finished = new AtomicBoolean();
            AtomicInteger sawUnfinished = new AtomicInteger();
            List<Fiber<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(Fiber.spawn(() -> {
                    once.run(() -> {
                        runs.incrementAndGet();
                        Fiber.yieldNow(); // let the others pile up
                        finished.set(true);
                    });
                    if (!finished.get()) {
                        sawUnfinished.incrementAndGet();
                    }
                }));
            }
            fs.forEach(Fiber::join);
            assertEquals(1, runs.get());
            assertEquals(0, sawUnfinished.get());
            assertTrue(once.isDone());
        });
    }

    @Test
    void givenAnActionThatThrows_whenRunAgain_thenItCountsAsDone() {
        Once once = new Once();
        assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw new IllegalStateException("boom");
        }));
        AtomicInteger runs = new AtomicInteger();
        once.run(runs::incrementAndGet);
        assertEquals(0, runs.get());
    }
}
