package io.spindle.bench.go;

/** The go implementation cannot run here: no go toolchain, or its program did not build. */
public final class GoUnavailableException extends RuntimeException {
    public GoUnavailableException(String message) {
        super(message);
    }

    public GoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
