package io.spindle.bench.compare;

import io.spindle.bench.Result;
import io.spindle.bench.workload.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compare as alternating processes: for each workload, each implementation runs all its
 * repetitions in a fresh JVM (this jar's single-workload mode with {@code --stats-line}); the
 * implementation order rotates from one workload to the next. The parent parses the children's
 * result lines and stats line.
 */
final class ForkedRuns {
    private ForkedRuns() {
    }

    static void run(Plan plan, Comparison cmp) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int total = plan.workloads().size() * plan.impls().size();
        int done = 0;
        for (int wi = 0; wi < plan.workloads().size(); wi++) {
            Workload w = plan.workloads().get(wi);
            long n = plan.size(w);
            for (int k = 0; k < plan.impls().size(); k++) {
                String impl = plan.impls().get((k + wi) % plan.impls().size());
                cmp.cell(w.name(), impl).n = n;
                done++;
                String outcome = child(plan, cmp, w, impl, n);
                Plan.progress(done + "/" + total, start, w.name(), impl, outcome);
            }
        }
    }

    private static String child(Plan plan, Comparison cmp, Workload w, String impl, long n)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.spindle.bench.Main",
                w.name(), "--impl", impl, "--n", String.valueOf(n), "--reps", String.valueOf(plan.reps()),
                "--warmup", String.valueOf(plan.warmup()), "--carriers", String.valueOf(plan.carriers()),
                "--stats-line"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the child died; judged by its exit code below
            }
        });
        long budget = plan.timeoutMs() * plan.reps();
        if (!p.waitFor(budget, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            cmp.fail(w.name(), impl, "timed out after " + budget / 1000 + " s (hung?)");
            return "ERROR timed out";
        }
        reader.join(5_000);
        int rep = 0;
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("workload=")) {
                    cmp.add(Result.parse(line), rep++ < plan.warmup());
                } else if (line.startsWith(StatsDelta.LINE_PREFIX)) {
                    cmp.addStats(w.name(), impl, StatsDelta.parse(line));
                }
            }
        }
        if (p.exitValue() != 0 || rep < plan.reps()) {
            cmp.fail(w.name(), impl, "child exited with " + p.exitValue() + " after " + rep + " reps");
            return "ERROR exit " + p.exitValue();
        }
        Result m = cmp.cell(w.name(), impl).median();
        return m == null ? "-" : "median " + (m.measuresMemory() ? m.bytesPerTask() + " bytes/task"
                : String.format(java.util.Locale.ROOT, "%.1f ns/op", m.nsPerOp()));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
