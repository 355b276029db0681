package io.spindle.testsupport;

/**
 * Test support shared by every module (the runtime's test-jar; channels, bench and samples depend
 * on it with {@code <type>test-jar</type>}): how stress tests scale down under CI and log their seed.
 * One copy, so the rule "CI scales by 4, seeds are logged and replayable" cannot drift.
 */
public final class Stress {
    /** True when the CI environment variable is set: stress tests run a quarter of their iterations. */
    public static final boolean CI = System.getenv("CI") != null;

    private Stress() {
    }

    /** {@code n} iterations, or a quarter of them (at least 1) under CI. */
    public static int scaled(int n) {
        return CI ? Math.max(1, n / 4) : n;
    }

    /**
     * The seed of a randomised test: {@code -Dspindle.seed}, else a fresh one; printed with the test's
     * name so that a failure can be replayed.
     */
    public static long seed(String testName) {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] " + testName + ": seed=" + seed + " (replay with -Dspindle.seed=" + seed + ")");
        return seed;
    }
}
