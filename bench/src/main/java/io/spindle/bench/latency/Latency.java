package io.spindle.bench.latency;

import io.spindle.bench.Args;
import io.spindle.bench.compare.Machine;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Impls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The {@code latency} command: HdrHistogram distributions ({@link Probes}) of the ping-pong round
 * trip and of the wake-up latency after {@code send} and after {@code unpark}, per implementation.
 * Each probe runs once to warm up, then once measured. Prints p50, p99, p99.9 and max in
 * microseconds and writes the same table to {@code --out}/latency.md.
 */
public final class Latency {
    private interface Probe {
        Histogram run(Impl impl, int samples) throws Exception;
    }

    private Latency() {
    }

    public static int main(Args a) throws Exception {
        List<String> impls = a.getList("impls", Impls.TASK_NAMES);
        for (String name : impls) {
            if (!Impls.TASK_NAMES.contains(name)) {
                throw new IllegalArgumentException("latency runs on " + Impls.TASK_NAMES + ", not '" + name + "'");
            }
        }
        int samples = a.getInt("n", 100_000);
        Path out = Path.of(a.get("out", "bench/target/latency"));
        List<String> rows = new ArrayList<>();
        rows.add(row("impl", "measure", "samples", "p50 us", "p99 us", "p99.9 us", "max us"));
        for (String name : impls) {
            try (Impl impl = Impls.create(name, a.getInt("carriers", Impls.defaultCarriers()))) {
                rows.add(measure(impl, "round trip (pingpong)", Probes::roundTrip, samples));
                rows.add(measure(impl, "wake-up after send", Probes::wakeOnSend, samples / 4));
                rows.add(measure(impl, "wake-up after unpark", Probes::wakeOnUnpark, samples / 4));
            }
        }
        StringBuilder md = new StringBuilder("# Spindle vs Loom: latency\n\n- date: ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n- command: `java -jar bench/target/spindle-bench.jar latency ")
                .append(String.join(" ", a.raw())).append("`\n- ").append(Machine.detect().line())
                .append("; one warm-up pass, then one measured pass; wake-up samples wait ")
                .append(Probes.SETTLE_NANOS / 1000).append(" us before each wake so the waiter is parked\n\n");
        md.append(rows.get(0)).append('\n').append("|---".repeat(7)).append("|\n");
        rows.stream().skip(1).forEach(r -> md.append(r).append('\n'));
        System.out.print(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("latency.md"), md.toString());
        return 0;
    }

    private static String measure(Impl impl, String what, Probe probe, int samples) throws Exception {
        System.err.printf("latency: %s, %s ...%n", impl.name(), what);
        probe.run(impl, samples); // warm-up
        Histogram h = probe.run(impl, samples);
        return row(impl.name(), what, String.valueOf(h.getTotalCount()), us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }
}
