package io.spindle.runtime;

import io.spindle.testsupport.Stress;

/** The runtime tests' short names for the shared {@link Stress} support (one implementation for all modules). */
final class StressConfig {
    static final boolean CI = Stress.CI;

    private StressConfig() {
    }

    static int scaled(int n) {
        return Stress.scaled(n);
    }

    static long seed(String testName) {
        return Stress.seed(testName);
    }
}
