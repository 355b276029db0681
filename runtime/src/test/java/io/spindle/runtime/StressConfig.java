package io.spindle.runtime;

/** Scales stress iteration counts down when the CI environment variable is set. */
final class StressConfig {
    static final boolean CI = System.getenv("CI") != null;

    private StressConfig() {
    }

    static int scaled(int n) {
        return CI ? Math.max(1, n / 4) : n;
    }

    static long seed(String testName) {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] " + testName + " seed=" + seed + " (rerun with -Dspindle.seed=" + seed + ")");
        return seed;
    }
}
