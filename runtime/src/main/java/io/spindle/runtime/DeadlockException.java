package io.spindle.runtime;

/**
 * Thrown by {@link Runtime#run} when every fiber of the runtime is parked on Spindle primitives with
 * nothing that could wake them (Go's "all goroutines are asleep - deadlock!"). The message carries a
 * dump of every parked fiber with what it waits on and its stack.
 */
public class DeadlockException extends IllegalStateException {
    public DeadlockException(String message) {
        super(message);
    }
}
