package io.spindle.bench.compare;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The machine a report was measured on, detected (never hard-coded): processors the JVM sees, the
 * JDK, the OS, and the 1-minute load average (which shows whether other work shared the CPUs).
 *
 * @param loadAverage the 1-minute system load average, or a negative number where the OS has none
 */
public record Machine(int cores, String jdk, String os, double loadAverage) {
    public static Machine detect() {
        String vendor = System.getProperty("java.vendor.version", System.getProperty("java.vendor", ""));
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version") + (vendor.isBlank() ? "" : " (" + vendor + ")"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** E.g. {@code 2 cores, JDK 25.0.3+9-LTS (Temurin-25.0.3+9), Linux 6.1.0 amd64, load average 1.25}. */
    public String line() {
        return hardware() + (loadAverage < 0 ? "" : String.format(Locale.ROOT, ", load average %.2f", loadAverage));
    }

    /** {@link #line()} without the load average. */
    public String hardware() {
        return cores + (cores == 1 ? " core" : " cores") + ", JDK " + jdk + ", " + os;
    }

    /** Whether the load average says that other work competed for the CPUs (load above the core count). */
    public boolean busy() {
        return loadAverage > cores;
    }
}
