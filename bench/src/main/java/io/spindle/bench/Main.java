package io.spindle.bench;

/** Entry point of the bench jar (filled in by the bench issue). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("spindle-bench: not built yet");
    }
}
