package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding smoke test: builds the 20-line program of docs/embedding.md
 * (docs/examples/hello) against Spindle's jars and runs it in a forked JVM, on the class path and
 * on the module path, each with exactly the one documented flag; without the flag the JVM fails
 * with MissingJvmFlagException naming the right flag; the modules export only the API packages and
 * code on the module path cannot reach the internal ones; no sun.misc.Unsafe warning.
 *
 * <p>The jars: when the runtime and channels classes come from directories (a reactor build), the
 * test packs them into multi-release jars like the real ones (module-info.class under
 * META-INF/versions/25); when they come from jars, it uses those.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddingSmokeTest {
    static final String EXPECTED_SUM = "sum = 7998000";
    static final String CLASS_PATH_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String MODULE_PATH_FLAG = "--add-exports java.base/jdk.internal.vm=io.spindle.runtime";

    @TempDir
    static Path tmp;
    static Path runtimeJar;
    static Path channelsJar;
    static Path example;

    @BeforeAll
    static void jars() throws IOException, URISyntaxException {
        runtimeJar = jarOf(Runtime.class, "spindle-runtime");
        channelsJar = jarOf(Channel.class, "spindle-channels");
        example = findExample();
    }

    @Test
    void runsOnTheClassPathWithTheOneFlag() throws Exception {
        Path out = tmp.resolve("cp-classes");
        compile(List.of("-cp", spindlePath(), "-d", out.toString(), example.resolve("demo/Hello.java").toString()));

        Result r = java(List.of(CLASS_PATH_FLAG.split(" ")[0], CLASS_PATH_FLAG.split(" ")[1],
                "-cp", spindlePath() + java.io.File.pathSeparator + out, "demo.Hello"));
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains(EXPECTED_SUM), r.toString());
        assertTrue(r.stdout.contains("unnamed module"), "ran on the class path: " + r);
        assertNoUnsafeWarning(r);

        Result noFlag = java(List.of("-cp", spindlePath() + java.io.File.pathSeparator + out, "demo.Hello"));
        assertNotEquals(0, noFlag.exit, noFlag.toString());
        assertTrue(noFlag.stderr.contains("MissingJvmFlagException"), noFlag.toString());
        assertTrue(noFlag.stderr.contains(CLASS_PATH_FLAG), "names the class-path flag: " + noFlag);
    }

    @Test
    void runsOnTheModulePathWithTheOneFlag() throws Exception {
        Path out = tmp.resolve("mp-classes");
        compile(List.of("-p", spindlePath(), "-d", out.toString(),
                example.resolve("module-info.java").toString(), example.resolve("demo/Hello.java").toString()));

        String modulePath = spindlePath() + java.io.File.pathSeparator + out;
        Result r = java(List.of(MODULE_PATH_FLAG.split(" ")[0], MODULE_PATH_FLAG.split(" ")[1],
                "-p", modulePath, "-m", "demo/demo.Hello"));
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains(EXPECTED_SUM), r.toString());
        assertTrue(r.stdout.contains("module demo"), "ran on the module path: " + r);
        assertNoUnsafeWarning(r);

        Result noFlag = java(List.of("-p", modulePath, "-m", "demo/demo.Hello"));
        assertNotEquals(0, noFlag.exit, noFlag.toString());
        assertTrue(noFlag.stderr.contains("MissingJvmFlagException"), noFlag.toString());
        assertTrue(noFlag.stderr.contains(MODULE_PATH_FLAG), "names the module-path flag: " + noFlag);
        assertFalse(noFlag.stderr.contains("ALL-UNNAMED"), "no class-path flag on the module path: " + noFlag);

        // The class-path flag on the module path is the classic mistake: it must fail the same way.
        Result wrongFlag = java(List.of(CLASS_PATH_FLAG.split(" ")[0], CLASS_PATH_FLAG.split(" ")[1],
                "-p", modulePath, "-m", "demo/demo.Hello"));
        assertNotEquals(0, wrongFlag.exit, wrongFlag.toString());
        assertTrue(wrongFlag.stderr.contains(MODULE_PATH_FLAG), wrongFlag.toString());
    }

    @Test
    void modulesExportOnlyTheApi() {
        ModuleDescriptor runtime = descriptor(runtimeJar, "io.spindle.runtime");
        Set<String> runtimeApi = new TreeSet<>(Set.of("io.spindle.runtime", "io.spindle.runtime.observe", "io.spindle.runtime.jfr"));
        if (runtime.packages().contains("io.spindle.net")) {
            runtimeApi.add("io.spindle.net");
        }
        assertEquals(runtimeApi, exports(runtime));
        assertTrue(runtime.packages().stream().anyMatch(p -> p.contains(".internal")), runtime.packages().toString());
        assertEquals(Set.of(), thirdPartyRequires(runtime), "the runtime needs no module outside the JDK");

        ModuleDescriptor channels = descriptor(channelsJar, "io.spindle.channels");
        assertEquals(new TreeSet<>(Set.of("io.spindle.channels", "io.spindle.sync")), exports(channels));
        assertTrue(channels.requires().stream().anyMatch(q -> q.name().equals("io.spindle.runtime")
                && q.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), channels.toString());
    }

    @Test
    void codeOnTheModulePathCannotReachInternalPackages() throws Exception {
        String internal = descriptor(runtimeJar, "io.spindle.runtime").packages().stream()
                .filter(p -> p.contains(".internal")).sorted().findFirst().orElseThrow();
        Path src = tmp.resolve("intruder-src");
        Files.createDirectories(src.resolve("intruder"));
        Files.writeString(src.resolve("module-info.java"), "module intruder { requires io.spindle.channels; }\n");
        Files.writeString(src.resolve("intruder/Intruder.java"),
                "package intruder;\nimport " + internal + ".*;\npublic class Intruder {}\n");
        Compilation c = tryCompile(List.of("-p", spindlePath(), "-d", tmp.resolve("intruder-out").toString(),
                src.resolve("module-info.java").toString(), src.resolve("intruder/Intruder.java").toString()));
        assertNotEquals(0, c.exit, "importing " + internal + " must not compile on the module path");
        assertTrue(c.output.contains("not visible") || c.output.contains("does not export"), c.output);
    }

    // ---- helpers ----

    static void assertNoUnsafeWarning(Result r) {
        assertFalse(r.stderr.contains("sun.misc.Unsafe"), "a JDK warning about sun.misc.Unsafe: " + r);
    }

    static Set<String> exports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> thirdPartyRequires(ModuleDescriptor d) {
        return d.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk.")).collect(Collectors.toSet());
    }

    static ModuleDescriptor descriptor(Path jar, String name) {
        ModuleReference ref = ModuleFinder.of(jar).find(name)
                .orElseThrow(() -> new AssertionError(jar + " is not the module " + name));
        return ref.descriptor();
    }

    static String spindlePath() {
        return runtimeJar + java.io.File.pathSeparator + channelsJar;
    }

    /** The jar a class was loaded from, or a multi-release jar packed from its classes directory. */
    static Path jarOf(Class<?> c, String name) throws IOException, URISyntaxException {
        Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(where)) {
            return where;
        }
        assertTrue(Files.isRegularFile(where.resolve("META-INF/versions/25/module-info.class")),
                "no module-info in " + where + " (the build compiles it in the 'module-info' execution)");
        Path jar = tmp.resolve(name + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf);
             Stream<Path> files = Files.walk(where)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String entry = where.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (entry.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jos.putNextEntry(new JarEntry(entry));
                Files.copy(f, jos);
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** docs/examples/hello, found from the module's directory (Surefire's working directory) up. */
    static Path findExample() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path e = d.resolve("docs/examples/hello");
            if (Files.isRegularFile(e.resolve("demo/Hello.java"))) {
                return e;
            }
        }
        throw new AssertionError("docs/examples/hello not found above " + Path.of("").toAbsolutePath());
    }

    record Compilation(int exit, String output) {
    }

    static Compilation tryCompile(List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int exit = javac.run(null, sink, sink, args.toArray(String[]::new));
        return new Compilation(exit, sink.toString(StandardCharsets.UTF_8));
    }

    static void compile(List<String> args) {
        Compilation c = tryCompile(args);
        assertEquals(0, c.exit, "javac " + args + ":\n" + c.output);
    }

    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs the JDK's java (the one running this test) in a forked process, with a timeout. */
    static Result java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
