package io.spindle.bench.workload;

/** A workload's self-check failed: the run is an error, not a number. */
public final class WrongResultException extends RuntimeException {
    public WrongResultException(String message) {
        super(message);
    }
}
