package io.spindle.runtime.internal.trace;

/**
 * One decoded trace event (made only at export time). The meaning of {@code a}, {@code b} and
 * {@code ref} depends on {@code kind}: see the kind constants in {@link Tracer}.
 *
 * @param tid  the track: a worker index, or the number of workers for the outside track
 * @param seq  position in its buffer (0 = first event ever recorded there)
 * @param kind one of Tracer's kind constants
 * @param time System.nanoTime() when it was recorded
 */
record TraceRecord(int tid, long seq, int kind, long time, long a, long b, Object ref) {
}
