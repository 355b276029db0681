package io.spindle.bench.go;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds the go implementation's program once per source version and toolchain. Its sources
 * ({@code bench/go}) travel in the jar as resources under {@code io/spindle/bench/go/src/}; they are
 * written to {@code CACHE/<hash>/src} and built with {@code go build} into {@code CACHE/<hash>/spindle-bench-go},
 * where the hash covers the sources and the {@code go version}, so a later run reuses the binary.
 * CACHE is system property {@code spindle.bench.go.cache}, else {@code go/} beside the jar or classes
 * directory when that sits in a Maven {@code target/} directory, else {@code spindle-bench-go} in
 * {@code java.io.tmpdir}. The build runs offline: {@code GOPROXY=off}, {@code GOTOOLCHAIN=local}, no
 * cgo (the program uses only the standard library).
 */
public final class GoBuild {
    /** The files of bench/go that make up the program (GoImplTest checks this list against the directory). */
    public static final List<String> SOURCES = List.of("go.mod", "main.go", "workloads.go", "spawn.go", "skynet.go",
            "pingpong.go", "ring.go", "sieve.go", "prodcons.go", "fanin.go", "parked.go");
    static final String RESOURCE_DIR = "/io/spindle/bench/go/src/";
    static final String BINARY = "spindle-bench-go";
    private static final long BUILD_TIMEOUT_S = 600;

    private GoBuild() {
    }

    /** The built program for {@code tc}, building it first if this version has not been built. */
    public static synchronized Path binary(GoToolchain tc) {
        byte[][] sources = readSources();
        Path dir = cacheRoot().resolve(hash(sources, tc.version()));
        Path bin = dir.resolve(BINARY);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        try {
            Path src = dir.resolve("src");
            Files.createDirectories(src);
            for (int i = 0; i < SOURCES.size(); i++) {
                Files.write(src.resolve(SOURCES.get(i)), sources[i]);
            }
            Path tmp = dir.resolve(BINARY + ".tmp" + ProcessHandle.current().pid());
            System.err.printf("go: building bench/go with %s into %s (once per source version)%n", tc.release(), dir);
            ProcessBuilder pb = new ProcessBuilder(tc.go().toString(), "build", "-trimpath", "-o", tmp.toString(), ".")
                    .directory(src.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GOPROXY", "off");
            env.put("GOTOOLCHAIN", "local");
            env.put("GOFLAGS", "");
            env.put("CGO_ENABLED", "0");
            env.put("GO111MODULE", "on");
            if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null) {
                env.put("GOCACHE", dir.resolve("gocache").toString());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(BUILD_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GoUnavailableException("go build of bench/go did not finish in " + BUILD_TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new GoUnavailableException("go build of bench/go failed (exit " + p.exitValue() + ") in " + src
                        + ":\n" + new String(out, StandardCharsets.UTF_8).strip());
            }
            Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return bin;
        } catch (IOException e) {
            throw new GoUnavailableException("cannot build bench/go in " + dir + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoUnavailableException("interrupted while building bench/go", e);
        }
    }

    private static byte[][] readSources() {
        byte[][] b = new byte[SOURCES.size()][];
        for (int i = 0; i < SOURCES.size(); i++) {
            try (InputStream in = GoBuild.class.getResourceAsStream(RESOURCE_DIR + SOURCES.get(i))) {
                if (in == null) {
                    throw new GoUnavailableException("the bench jar lacks the go source " + SOURCES.get(i)
                            + " (resource " + RESOURCE_DIR + "): rebuild the bench module");
                }
                b[i] = in.readAllBytes();
            } catch (IOException e) {
                throw new GoUnavailableException("cannot read the go source " + SOURCES.get(i) + ": " + e, e);
            }
        }
        return b;
    }

    private static String hash(byte[][] sources, String goVersion) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < sources.length; i++) {
                d.update(SOURCES.get(i).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(sources[i]);
                d.update((byte) 0);
            }
            d.update(goVersion.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required of every JDK", e);
        }
    }

    static Path cacheRoot() {
        String explicit = System.getProperty("spindle.bench.go.cache");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        try {
            Path code = Path.of(GoBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = code.getParent();
            if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target")
                    && Files.isWritable(parent)) {
                return parent.resolve("go");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source: fall back to the temp directory
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "spindle-bench-go");
    }
}
