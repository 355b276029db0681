package io.spindle.channels;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the channel's non-blocking operations (trySend, tryReceive, close, size,
 * isClosed) on a buffer of 2, checked by Lincheck against sequential executions of the same
 * operations: with the model checker (systematic interleavings, including inside the spin lock)
 * and with the stress strategy. Blocking operations park fibers, which Lincheck cannot drive; the
 * blocking paths are covered by the stress tests. Checked that it bites: a mutant whose receive
 * polled the buffer outside the lock fails the model-checking test with "Invalid execution
 * results" within seconds.
 */
@Tag("lincheck")
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class ChannelLincheckTest {
    private final Channel<Integer> ch = Channel.buffered(2);

    @Operation
    public Object trySend(@Param(name = "value") int v) {
        try {
            return ch.trySend(v);
        } catch (ChannelClosedException e) {
            return "closed";
        }
    }

    @Operation
    public Object tryReceive() {
        try {
            return ch.tryReceive();
        } catch (ChannelClosedException e) {
            return "closed";
        }
    }

    @Operation
    public String close() {
        try {
            ch.close();
            return "ok";
        } catch (ChannelClosedException e) {
            return "closed";
        }
    }

    @Operation
    public int size() {
        return ch.size();
    }

    @Operation
    public boolean isClosed() {
        return ch.isClosed();
    }

    @Test
    void givenConcurrentNonBlockingOperations_whenModelChecked_thenEveryExecutionIsLinearizable() {
        new ModelCheckingOptions()
                .iterations(TestSupport.CI ? 5 : 10)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .check(ChannelLincheckTest.class);
    }

    @Test
    void givenConcurrentNonBlockingOperations_whenStressed_thenEveryResultIsLinearizable() {
        new StressOptions()
                .iterations(TestSupport.CI ? 5 : 10)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(ChannelLincheckTest.class);
    }
}
