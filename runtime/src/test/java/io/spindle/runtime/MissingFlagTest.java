package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A JVM started without --add-exports gets one clear message naming the flag (forked JVM). */
@Timeout(60)
class MissingFlagTest {

    /** The forked program: creates a runtime, prints the result or the exception's message. */
    public static final class Probe {
        public static void main(String[] args) {
            try (Runtime rt = Runtime.create()) {
                System.out.println("RESULT " + rt.run(() -> 42));
            } catch (MissingJvmFlagException e) {
                System.out.println("MISSING " + e.getMessage());
                System.exit(3);
            }
        }
    }

    private static Process fork(boolean withFlag) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        if (withFlag) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String run(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void givenNoAddExportsFlag_thenOneClearErrorNamesTheFlag() throws Exception {
        Process p = fork(false);
        String out = run(p);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("MISSING"), out);
        assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), out);
    }

    @Test
    void givenTheFlag_thenTheSameProgramRuns() throws Exception {
        Process p = fork(true);
        String out = run(p);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("RESULT 42"), out);
        assertNotEquals(-1, out.indexOf("RESULT"));
    }
}
