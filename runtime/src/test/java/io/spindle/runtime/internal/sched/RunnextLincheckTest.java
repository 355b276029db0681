package io.spindle.runtime.internal.sched;

import static io.spindle.runtime.internal.sched.LincheckTask.value;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: LocalQueue's runnext slot between its owner (set: a release store into an empty slot,
 * an exchange over a task; take: the exchange of flushRunnext, then the ring) and thieves (peek,
 * then CAS the task they saw) or a rescuer (getAndSet). Every task is owned by exactly one side:
 * the outcomes must match some sequential order of the same operations. The owner's operations
 * never run in parallel with each other (nonParallelGroup "owner"), as in the scheduler.
 */
@Tag("lincheck") // runs in a JVM of its own (runtime/pom.xml, execution "lincheck")
@Param(name = "v", gen = IntGen.class, conf = "1:9")
public class RunnextLincheckTest {
    private final List<Runnable> overflow = new ArrayList<>();
    private final LocalQueue queue = new LocalQueue(16, new WorkerCounters(), overflow::add);

    public RunnextLincheckTest() {
    }

    /** Owner: sets runnext; returns the displaced task's value (which the scheduler then pushes). */
    @Operation(nonParallelGroup = "owner")
    public Integer set(@Param(name = "v") int v) {
        return value(queue.setRunnext(new LincheckTask(v)));
    }

    /** Owner: takes runnext (flush to the ring, then poll the ring), or null. */
    @Operation(nonParallelGroup = "owner")
    public Integer take() {
        queue.flushRunnext();
        return value(queue.pollRing());
    }

    /**
     * A thief: takes runnext if it still holds the task it saw, retrying while the owner replaces
     * it (the scheduler's thief gives up instead; a single try is not linearizable against a
     * sequential "take", the retry loop is): null only if it saw the slot empty.
     */
    @Operation
    public Integer steal() {
        LocalQueue.Thief t = queue.thief();
        Runnable seen;
        while ((seen = t.peekRunnext()) != null) {
            if (t.takeRunnext(seen)) {
                return value(seen);
            }
        }
        return null;
    }

    /** A rescuer (stalled owner): takes runnext with getAndSet. */
    @Operation
    public Integer rescue() {
        return value(queue.rescuer().takeRunnext());
    }

    @Test
    @Timeout(300)
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .check(RunnextLincheckTest.class);
    }

    @Test
    @Timeout(300)
    void stress() {
        new StressOptions()
                .iterations(10)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(RunnextLincheckTest.class);
    }
}
