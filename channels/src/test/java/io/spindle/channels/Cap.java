package io.spindle.channels;

/** A channel capacity for parameterised tests; {@link #UNBOUNDED} stands for Channel.unbounded(). */
record Cap(int value) {
    static final int UNBOUNDED = -1;

    <T> Channel<T> make() {
        return value == UNBOUNDED ? Channel.unbounded() : Channel.buffered(value);
    }

    boolean bounded() {
        return value != UNBOUNDED;
    }

    boolean unbuffered() {
        return value == 0;
    }

    @Override
    public String toString() {
        return value == UNBOUNDED ? "unbounded" : value == 0 ? "unbuffered" : "buffered(" + value + ")";
    }
}
