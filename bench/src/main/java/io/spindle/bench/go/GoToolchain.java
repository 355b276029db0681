package io.spindle.bench.go;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A go toolchain found on this machine: the {@code go} binary and its {@code go version}. Looked up,
 * in order: system property {@code spindle.bench.go} or environment variable {@code SPINDLE_GO}
 * (a path to a go binary), {@code go} on PATH, {@code $GOROOT/bin/go}, /usr/lib/go/bin/go,
 * /usr/local/go/bin/go. {@code bench/go/ensure-go.sh} installs Debian's golang-go when none is found.
 *
 * @param go      the go binary
 * @param version the output of {@code go version}, e.g. {@code go version go1.19.8 linux/amd64}
 */
public record GoToolchain(Path go, String version) {
    /** What to tell a user who has no toolchain. */
    public static final String MISSING = "no go toolchain found (go on PATH, $GOROOT/bin/go, /usr/lib/go/bin/go, "
            + "/usr/local/go/bin/go, or -Dspindle.bench.go=/path/to/go); install one with bench/go/ensure-go.sh "
            + "(Debian's golang-go) to include the go implementation";

    private static volatile Optional<GoToolchain> found;

    /** The toolchain, looked up once per process. */
    public static Optional<GoToolchain> find() {
        Optional<GoToolchain> f = found;
        if (f == null) {
            synchronized (GoToolchain.class) {
                f = found;
                if (f == null) {
                    f = lookUp();
                    found = f;
                }
            }
        }
        return f;
    }

    /** The go release, e.g. {@code go1.19.8}, from {@link #version}. */
    public String release() {
        for (String word : version.split(" ")) {
            if (word.startsWith("go1") || word.startsWith("devel")) {
                return word;
            }
        }
        return version;
    }

    private static Optional<GoToolchain> lookUp() {
        for (Path candidate : candidates()) {
            if (Files.isExecutable(candidate)) {
                String v = versionOf(candidate);
                if (v != null) {
                    return Optional.of(new GoToolchain(candidate, v));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates() {
        List<Path> c = new ArrayList<>();
        String explicit = System.getProperty("spindle.bench.go", System.getenv("SPINDLE_GO"));
        if (explicit != null && !explicit.isBlank()) {
            return List.of(Path.of(explicit)); // named explicitly: that one or none
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    c.add(Path.of(dir, "go"));
                }
            }
        }
        String goroot = System.getenv("GOROOT");
        if (goroot != null && !goroot.isBlank()) {
            c.add(Path.of(goroot, "bin", "go"));
        }
        c.add(Path.of("/usr/lib/go/bin/go"));
        c.add(Path.of("/usr/local/go/bin/go"));
        return c;
    }

    private static String versionOf(Path go) {
        try {
            Process p = new ProcessBuilder(go.toString(), "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.startsWith("go version") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
