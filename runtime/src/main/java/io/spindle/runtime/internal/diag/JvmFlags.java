package io.spindle.runtime.internal.diag;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Checks for the JVM flags Spindle needs and fails with one clear message that names them. The
 * caller supplies the exception (the API's MissingJvmFlagException): this package does not depend
 * on the API.
 */
public final class JvmFlags {
    /**
     * Who must be given java.base's packages: Spindle's runtime module when it runs on the module
     * path (the flag that names ALL-UNNAMED does nothing for a named module), else the unnamed
     * module of the class path.
     */
    public static final String TARGET = JvmFlags.class.getModule().isNamed()
            ? JvmFlags.class.getModule().getName() : "ALL-UNNAMED";
    public static final String EXPORTS_FLAG = "--add-exports java.base/jdk.internal.vm=" + TARGET;
    public static final String OPENS_FLAG = "--add-opens java.base/java.lang=" + TARGET;
    /** Where the flag can go instead: an executable jar's manifest, on the class path only. */
    private static final String EXPORTS_ELSEWHERE = JvmFlags.class.getModule().isNamed()
            ? " (Spindle runs on the module path as module " + TARGET + ".)"
            : " (executable jars: put 'Add-Exports: java.base/jdk.internal.vm' in the manifest).";
    private static final String OPENS_ELSEWHERE = JvmFlags.class.getModule().isNamed()
            ? " (Spindle runs on the module path as module " + TARGET + ".)"
            : " (executable jars: 'Add-Opens: java.base/java.lang' in the manifest).";

    private static volatile boolean continuationsChecked;

    private JvmFlags() {
    }

    /** Call before touching any class that extends jdk.internal.vm.Continuation. */
    public static void requireContinuations(Function<String, RuntimeException> missingFlag) {
        if (continuationsChecked) {
            return;
        }
        if (java.lang.Runtime.version().feature() < 25) {
            throw missingFlag.apply("Spindle needs JDK 25 or newer (running on "
                    + java.lang.Runtime.version() + "); use the ./spindle launcher or set JAVA_HOME to a JDK 25.");
        }
        Module base = Object.class.getModule();
        if (!base.isExported("jdk.internal.vm", JvmFlags.class.getModule())) {
            throw missingFlag.apply("Spindle runs fibers on jdk.internal.vm.Continuation, which "
                    + "java.base does not export by default. Start the JVM with " + EXPORTS_FLAG
                    + EXPORTS_ELSEWHERE);
        }
        continuationsChecked = true;
    }

    /** The package-private VirtualThreadBuilder(Executor) constructor; needs --add-opens java.lang. */
    public static Thread.Builder.OfVirtual virtualThreadBuilder(Executor scheduler,
            BiFunction<String, Throwable, RuntimeException> missingFlag) {
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> k = c.getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException")) {
                throw missingFlag.apply("Virtual threads on Spindle's scheduler need "
                        + OPENS_FLAG + OPENS_ELSEWHERE, e);
            }
            throw e;
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("This JDK (" + java.lang.Runtime.version() + ") has no "
                    + "java.lang.ThreadBuilders$VirtualThreadBuilder(Executor) constructor; "
                    + "virtual threads on a custom scheduler need JDK 21-25", e);
        }
    }
}
