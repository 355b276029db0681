package io.spindle.runtime.internal.sched;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: the local run queue at capacity 4 (Tokio model-checks its queue at capacity 4 too).
 * The owner's push and poll never run in parallel with each other (nonParallelGroup "owner"), as in
 * the scheduler; steals run from any thread. Lincheck explores interleavings (model checking) and
 * checks every outcome against a sequential run of the same operations.
 */
@Tag("lincheck") // runs in a JVM of its own (runtime/pom.xml, execution "lincheck")
@Param(name = "v", gen = IntGen.class, conf = "1:9")
public class RunQueueLincheckTest {
    private final RunQueue queue = new RunQueue(4);

    public RunQueueLincheckTest() {
    }

    /** Returns the overflowed tasks (half the queue plus this one when full), in order. */
    @Operation(nonParallelGroup = "owner")
    public List<Integer> push(@Param(name = "v") int v) {
        List<Integer> overflow = new ArrayList<>();
        queue.push(new LincheckTask(v), r -> overflow.add(LincheckTask.value(r)));
        return overflow;
    }

    @Operation(nonParallelGroup = "owner")
    public Integer poll() {
        return LincheckTask.value(queue.poll());
    }

    /** A thief with its own empty queue: steals half, then drains what it got. */
    @Operation
    public List<Integer> steal() {
        RunQueue mine = new RunQueue(4);
        queue.stealInto(mine);
        List<Integer> got = new ArrayList<>();
        Runnable r;
        while ((r = mine.poll()) != null) {
            got.add(LincheckTask.value(r));
        }
        return got;
    }

    @Test
    @Timeout(300)
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(3)
                .check(RunQueueLincheckTest.class);
    }

    @Test
    @Timeout(300)
    void stress() {
        new StressOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(RunQueueLincheckTest.class);
    }
}
