package io.spindle.runtime.internal.sched;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: the injection queue's ring (Vyukov's bounded MPMC queue) is a linearizable FIFO queue
 * for any number of producers and consumers. Capacity 16 holds every offer of a scenario (at most
 * 9), so the spill is not involved (its order relative to the ring is only approximate, see
 * InjectionQueue's overview; InjectionQueueTest covers it). The sequential specification is this
 * class run on one thread: a FIFO queue.
 */
@Tag("lincheck") // runs in a JVM of its own (runtime/pom.xml, execution "lincheck")
@Param(name = "v", gen = IntGen.class, conf = "1:9")
public class InjectionQueueLincheckTest {
    private final InjectionQueue queue = new InjectionQueue(16);

    public InjectionQueueLincheckTest() {
    }

    @Operation
    public boolean offer(@Param(name = "v") int v) {
        return queue.offer(new LincheckTask(v));
    }

    @Operation
    public Integer poll() {
        return LincheckTask.value(queue.poll());
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    @Timeout(300)
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(3)
                .check(InjectionQueueLincheckTest.class);
    }

    @Test
    @Timeout(300)
    void stress() {
        new StressOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(InjectionQueueLincheckTest.class);
    }
}
