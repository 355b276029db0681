package io.spindle.bench.net;

import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.RuntimeStats;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code java -jar spindle-bench.jar net [options]}: the server benchmark (docs/benchmarks.md,
 * "Network servers"). Each server runs in this JVM; the load comes from another process: the echo
 * load client ({@link EchoLoadClient}, a separate JVM) or {@code wrk} for HTTP.
 *
 * <pre>
 *   net [--proto echo|http] [--impls spindle,loom,loom-spindle,spindle-blocking]
 *       [--conns 100,1000,10000] [--seconds 10] [--warmup-s 3] [--carriers C] [--client-threads 1]
 *       [--out bench/target/net]
 * </pre>
 */
public final class NetBench {
    private NetBench() {
    }

    record Row(String proto, String impl, int conns, double rps, double p50, double p99, double p999, double max,
               long errors, int serverThreads, String threadNames, String stats) {
    }

    public static int main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            String k = args[i];
            if (k.equals("--help") || k.equals("-h")) {
                System.out.println(NetBench.class.getName() + ": see the class comment; options " + "--proto --impls --conns --seconds --warmup-s --carriers --client-threads --out");
                return 0;
            }
            if (!k.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("net: expected --option value, got " + k);
            }
            o.put(k.substring(2), args[++i]);
        }
        String proto = o.getOrDefault("proto", "echo");
        List<String> impls = List.of(o.getOrDefault("impls", String.join(",", NetServer.NAMES)).split(","));
        List<Integer> conns = List.of(o.getOrDefault("conns", proto.equals("http") ? "100,1000" : "100,1000,10000")
                .split(",")).stream().map(Integer::parseInt).toList();
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup-s", "3"));
        int carriers = Integer.parseInt(o.getOrDefault("carriers", String.valueOf(java.lang.Runtime.getRuntime().availableProcessors())));
        int clientThreads = Integer.parseInt(o.getOrDefault("client-threads", "1"));
        Path out = Path.of(o.getOrDefault("out", "bench/target/net"));
        Files.createDirectories(out);
        if (proto.equals("http") && !ensureWrk()) {
            return 1;
        }
        System.err.printf(Locale.ROOT, "net bench: %s, impls %s, connections %s, %.0f s (+%.0f s warm-up) each, %d carriers, %d cores, %s%n",
                proto, impls, conns, seconds, warmup, carriers, java.lang.Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        if (proto.equals("idle")) {
            StringBuilder t = new StringBuilder("| server | idle connections | heap per connection (bytes) | server threads |\n|---|---:|---:|---|\n");
            for (int c : conns) {
                for (String impl : impls) {
                    t.append(runIdle(impl, c, warmup, carriers));
                }
            }
            System.out.print(t);
            Files.writeString(out.resolve("net-idle.md"), t.toString());
            return 0;
        }
        List<Row> rows = new ArrayList<>();
        for (int c : conns) {
            for (String impl : impls) {
                rows.add(runOne(proto, impl, c, seconds, warmup, carriers, clientThreads, out));
            }
        }
        String table = table(rows);
        System.out.print(table);
        Path file = out.resolve("net-" + proto + ".md");
        Files.writeString(file, table);
        System.err.println("written " + file);
        return 0;
    }

    private static Row runOne(String proto, String impl, int conns, double seconds, double warmup, int carriers,
                              int clientThreads, Path out) throws Exception {
        try (NetServer server = NetServer.create(impl, carriers)) {
            int port = server.start(Protocol.byName(proto));
            Runtime rt = server.runtime();
            RuntimeStats s0 = rt == null ? null : rt.stats();
            List<String> cmd = proto.equals("echo") ? echoClient(port, conns, seconds, warmup, clientThreads)
                    : wrk(port, conns, seconds, warmup, out);
            System.err.println("== " + proto + " " + impl + " " + conns + " connections: " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ThreadSampler sampler = new ThreadSampler(java.util.regex.Pattern.compile(server.threadNames()));
            Thread st = new Thread(sampler, "net-bench-sampler");
            st.setDaemon(true);
            st.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            boolean exited = p.waitFor((long) (seconds + warmup + 120), TimeUnit.SECONDS);
            sampler.stop();
            st.join();
            if (!exited) {
                p.destroyForcibly();
            }
            String result = lines.stream().filter(l -> l.startsWith("RESULT") || l.startsWith("WRK")).findFirst().orElse(null);
            String stats = "";
            if (rt != null) {
                RuntimeStats s1 = rt.stats();
                io.spindle.runtime.observe.NetStats n = s1.net().minus(s0.net());
                stats = String.format(Locale.ROOT, "tasks %d, carrier parks %d, steals %d, blocking calls %d, net polls %d, ready %d, registrations %d, requests %d",
                        s1.tasksRun() - s0.tasksRun(), s1.carrierParks() - s0.carrierParks(), s1.steals() - s0.steals(),
                        s1.blockingCalls() - s0.blockingCalls(), n.polls(), n.readyEvents(), n.registrations(), n.requests());
            }
            if (result == null) {
                System.err.println("   no result line; output: " + lines);
                return new Row(proto, impl, conns, 0, 0, 0, 0, 0, -1, sampler.max, sampler.names(), stats);
            }
            Map<String, String> kv = new TreeMap<>();
            for (String f : result.split(" ")) {
                int eq = f.indexOf('=');
                if (eq > 0) {
                    kv.put(f.substring(0, eq), f.substring(eq + 1));
                }
            }
            Row row = new Row(proto, impl, conns, d(kv, "rps"), d(kv, "p50_us"), d(kv, "p99_us"), d(kv, "p999_us"),
                    d(kv, "max_us"), (long) d(kv, "errors"), sampler.max, sampler.names(), stats);
            System.err.printf(Locale.ROOT, "   %.0f req/s, p50 %.0f us, p99 %.0f us, p99.9 %.0f us, errors %d, server threads %d (%s)%s%n",
                    row.rps, row.p50, row.p99, row.p999, row.errors, row.serverThreads, row.threadNames,
                    stats.isEmpty() ? "" : "; " + stats);
            return row;
        }
    }

    /**
     * Heap per idle connection: the client connects {@code conns} sockets and sends nothing; after
     * the warm-up (every connection accepted and its task parked in a read) the heap used after a
     * full GC, minus the same before the client started, divided by the connections. Kernel socket
     * buffers are not on the heap and not counted.
     */
    private static String runIdle(String impl, int conns, double warmup, int carriers) throws Exception {
        try (NetServer server = NetServer.create(impl, carriers)) {
            int port = server.start(Protocol.byName("echo"));
            long before = usedAfterGc();
            double hold = warmup + 5;
            List<String> cmd = new ArrayList<>(echoClient(port, conns, 1, 0, 1));
            cmd.add("--idle-s");
            cmd.add(String.valueOf(hold + 30));
            System.err.println("== idle " + impl + " " + conns + " connections");
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("CONNECTED")) {
                // wait until the client has all its connections
            }
            Thread.sleep((long) (hold * 1000)); // let the server accept them all and park its readers
            ThreadSampler sampler = new ThreadSampler(java.util.regex.Pattern.compile(server.threadNames()));
            sampler.sampleOnce();
            long after = usedAfterGc();
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            long per = (after - before) / conns;
            System.err.printf(Locale.ROOT, "   %d idle connections: %d bytes of heap each, server threads %d (%s)%n",
                    conns, per, sampler.max, sampler.names());
            return String.format(Locale.ROOT, "| %s | %d | %d | %d: %s |%n", impl, conns, per, sampler.max, sampler.names());
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        java.lang.Runtime r = java.lang.Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return r.totalMemory() - r.freeMemory();
    }

    private static double d(Map<String, String> kv, String k) {
        String v = kv.get(k);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static List<String> echoClient(int port, int conns, double seconds, double warmup, int threads) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), EchoLoadClient.class.getName(),
                "--port", String.valueOf(port), "--connections", String.valueOf(conns),
                "--seconds", String.valueOf(seconds), "--warmup-s", String.valueOf(warmup), "--size", "64",
                "--threads", String.valueOf(threads));
    }

    /** wrk with a Lua done() hook that prints the percentiles wrk's own summary lacks (p99.9). */
    private static List<String> wrk(int port, int conns, double seconds, double warmup, Path out) throws IOException {
        Path lua = out.resolve("percentiles.lua");
        Files.writeString(lua, """
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("WRK rps=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d errors=%d\\n",
                    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
                    latency:percentile(99.9), latency.max, e.connect + e.read + e.write + e.status + e.timeout))
                end
                """);
        // wrk has no warm-up phase: the duration includes it (noted in docs/benchmarks.md)
        int threads = Math.min(2, conns);
        return List.of("wrk", "-t" + threads, "-c" + conns, "-d" + (int) Math.ceil(seconds + warmup) + "s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + "/");
    }

    private static boolean ensureWrk() throws Exception {
        if (onPath("wrk")) {
            return true;
        }
        File script = new File("bench/net/ensure-wrk.sh");
        if (script.canExecute()) {
            System.err.println("wrk is missing: running " + script + " (installs Debian's wrk with apt-get)");
            int rc = new ProcessBuilder(script.getPath()).inheritIO().start().waitFor();
            if (rc == 0 && onPath("wrk")) {
                return true;
            }
        }
        System.err.println("net bench: the HTTP benchmark needs wrk: run bench/net/ensure-wrk.sh or 'apt-get install wrk'");
        return false;
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, exe).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| proto | server | connections | req/s | p50 us | p99 us | p99.9 us | max us | errors | server threads | Spindle stats |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d: %s | %s |%n",
                    r.proto, r.impl, r.conns, r.rps, r.p50, r.p99, r.p999, r.max, r.errors, r.serverThreads,
                    r.threadNames, r.stats));
        }
        return b.toString();
    }

    /** Samples the platform threads that serve the server (by name; max count, names by family). */
    private static final class ThreadSampler implements Runnable {
        private final java.util.regex.Pattern serving;
        private volatile boolean stop;
        volatile int max;
        private final Map<String, Integer> families = new TreeMap<>();

        ThreadSampler(java.util.regex.Pattern serving) {
            this.serving = serving;
        }

        void stop() {
            stop = true;
        }

        void sampleOnce() {
            stop = true;
            run0();
        }

        @Override
        public void run() {
            while (!stop) {
                run0();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void run0() {
            {
                List<Thread> now = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !t.isVirtual() && serving.matcher(t.getName()).matches())
                        .toList();
                if (now.size() > max) {
                    max = now.size();
                    synchronized (families) {
                        families.clear();
                        families.putAll(now.stream().collect(Collectors.groupingBy(
                                (Thread t) -> t.getName().replaceAll("[0-9]+", "N"), TreeMap::new, Collectors.summingInt((Thread t) -> 1))));
                    }
                }
            }
        }

        String names() {
            synchronized (families) {
                return families.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", "));
            }
        }
    }
}
