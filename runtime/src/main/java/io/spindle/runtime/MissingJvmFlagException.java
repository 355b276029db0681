package io.spindle.runtime;

/**
 * Thrown at first use of Spindle when the JVM was started without a flag Spindle needs.
 * The message names the exact flag to add.
 */
public class MissingJvmFlagException extends IllegalStateException {
    public MissingJvmFlagException(String message) {
        super(message);
    }

    public MissingJvmFlagException(String message, Throwable cause) {
        super(message, cause);
    }
}
