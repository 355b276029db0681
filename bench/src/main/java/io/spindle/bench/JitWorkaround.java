package io.spindle.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * WORKAROUND for a runtime bug found by this bench (reported; remove once the runtime is fixed).
 *
 * <p>{@code Fiber.current()} and {@code Scheduler.currentWorker()} read {@code Thread.currentThread()}.
 * C2 treats the current thread as loop-invariant within a compiled method, so when they are inlined
 * into a fiber's loop that parks, the carrier read before a park is reused after the fiber resumed
 * on another carrier: {@code Strand.current()} returns another fiber (lost wake-ups: prodcons hangs)
 * and {@code Strand.park()} parks another fiber ("unmounted in state RUNNING" assertions in sieve).
 * Keeping those few methods out-of-line makes every call read the current thread afresh. Applied
 * in-process through the HotSpot {@code Compiler.directives_add} diagnostic command so that
 * {@code java -jar} needs no flags; JMH forks get the same as {@code -XX:CompileCommand} flags
 * ({@link #COMPILE_COMMANDS}). Disable with {@code -Dspindle.bench.jitWorkaround=false}.
 */
public final class JitWorkaround {
    /** The methods kept out-of-line, in CompileCommand form. */
    public static final String[] METHODS = {
            "io.spindle.runtime.Fiber::current",
            "io.spindle.runtime.Fiber::countPinned",
            "io.spindle.runtime.internal.Scheduler::currentWorker",
            "io.spindle.runtime.internal.Scheduler::currentCarrierWorker",
    };
    /** The same as JVM flags, for JMH's @Fork(jvmArgsAppend). Must stay in step with {@link #METHODS}. */
    public static final String[] COMPILE_COMMANDS = {
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,io.spindle.runtime.Fiber::current",
            "-XX:CompileCommand=dontinline,io.spindle.runtime.Fiber::countPinned",
            "-XX:CompileCommand=dontinline,io.spindle.runtime.internal.Scheduler::currentWorker",
            "-XX:CompileCommand=dontinline,io.spindle.runtime.internal.Scheduler::currentCarrierWorker",
    };

    private static boolean applied;

    private JitWorkaround() {
    }

    /** Installs the compiler directive once; returns false (with a warning) if it could not. */
    public static synchronized boolean apply() {
        if (applied || !Boolean.parseBoolean(System.getProperty("spindle.bench.jitWorkaround", "true"))) {
            return applied;
        }
        StringBuilder inline = new StringBuilder();
        for (String m : METHODS) {
            inline.append(inline.isEmpty() ? "" : ", ").append("\"-").append(m.replace('.', '/').replace("::", ".")).append('"');
        }
        String directive = "[{ match: \"*.*\", inline: [" + inline + "] }]";
        try {
            Path file = Files.createTempFile("spindle-bench-directive", ".json");
            Files.writeString(file, directive);
            file.toFile().deleteOnExit();
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            applied = true;
        } catch (Exception | LinkageError e) {
            System.err.println("spindle-bench: could not install the JIT workaround (" + e
                    + "); Spindle results may hang or fail, see JitWorkaround");
        }
        return applied;
    }
}
