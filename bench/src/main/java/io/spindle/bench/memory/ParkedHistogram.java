package io.spindle.bench.memory;

import io.spindle.channels.Channel;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.Strand;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * Bytes per parked fiber, by class: the class histogram (the JVM's {@code GC.class_histogram}, the
 * same as {@code jcmd PID GC.class_histogram}, taken in-process through the DiagnosticCommand
 * MBean; it runs a full GC first and counts live objects only) before and after N fibers park,
 * divided by N. Two cases (issue 10, item 5): fibers parked in {@code Strand.park()} and fibers
 * parked in {@code Channel.receive()} on one unbuffered channel. The park path is warmed up first
 * with the very same bodies (park/unpark and send/receive round trips), so that the frames frozen
 * into every parked fiber's stack chunk are the C2-compiled ones, as in a long-running program.
 *
 * <pre>
 * ./spindle java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
 *     --add-opens java.base/jdk.internal.vm=ALL-UNNAMED \
 *     -cp bench/target/spindle-bench.jar io.spindle.bench.memory.ParkedHistogram [--n 200000] [--carriers 2]
 *     [--mode park|receive|both] [--warmup FIBERS_PER_ROUND]
 * </pre>
 *
 * Output: per case, the parked fiber's stack (the frames frozen into its chunk), then every class
 * whose live bytes grew by at least 1 byte per fiber, with instances and bytes per fiber, and the
 * total. Not a test: the numbers depend on the JIT tier of the park path (interpreted frames are
 * larger) and on the JVM's object layout flags (compressed class pointers, compact headers).
 */
public final class ParkedHistogram {
    private ParkedHistogram() {
    }

    public static void main(String[] args) throws Exception {
        int n = 200_000;
        int carriers = 2;
        String mode = "both";
        int warmup = 200_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--carriers" -> carriers = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--n N] [--carriers C] [--mode park|receive|both] [--warmup ROUNDS]");
            }
        }
        if (!mode.equals("park") && !mode.equals("receive") && !mode.equals("both")) {
            throw new IllegalArgumentException("--mode must be park, receive or both, not " + mode);
        }
        System.out.printf(Locale.ROOT, "ParkedHistogram: n=%d carriers=%d warmup=%d java=%s args=%s%n", n, carriers,
                warmup, System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (Runtime rt = Runtime.builder().carriers(carriers).name("histogram").build()) {
            if (!mode.equals("receive")) {
                warmUntilStable(rt, warmup, "park", ParkCase::new);
                measure(rt, n, "(a) Strand.park()", new ParkCase());
            }
            if (!mode.equals("park")) {
                warmUntilStable(rt, warmup, "receive", ReceiveCase::new);
                measure(rt, n, "(b) Channel.receive()", new ReceiveCase());
            }
        }
    }

    /** One way of parking N fibers and releasing them again. */
    private interface Case {
        Runnable body(AtomicInteger parked);

        void release(Runtime rt, List<Fiber<Void>> fibers) throws Exception;
    }

    /** Fibers parked in Strand.park() until a flag is set. */
    private static final class ParkCase implements Case {
        volatile boolean go;

        @Override
        public Runnable body(AtomicInteger parked) {
            return new ParkBody(this, parked);
        }

        @Override
        public void release(Runtime rt, List<Fiber<Void>> fibers) {
            go = true;
            fibers.forEach(Fiber::unpark);
        }
    }

    /** The body of a parked fiber in case (a): one class, warmed up and measured alike. */
    private static final class ParkBody implements Runnable {
        private final ParkCase c;
        private final AtomicInteger parked;

        ParkBody(ParkCase c, AtomicInteger parked) {
            this.c = c;
            this.parked = parked;
        }

        @Override
        public void run() {
            parked.incrementAndGet();
            while (!c.go) {
                Strand.park();
            }
        }
    }

    /** Fibers parked in Channel.receive() on one unbuffered channel. */
    private static final class ReceiveCase implements Case {
        final Channel<Integer> ch = Channel.unbuffered();

        @Override
        public Runnable body(AtomicInteger parked) {
            return new ReceiveBody(ch, parked);
        }

        @Override
        public void release(Runtime rt, List<Fiber<Void>> fibers) {
            int count = fibers.size();
            rt.run(() -> {
                for (int i = 0; i < count; i++) {
                    ch.send(i);
                }
                return null;
            });
        }
    }

    /** The body of a parked fiber in case (b). */
    private static final class ReceiveBody implements Runnable {
        private final Channel<Integer> ch;
        private final AtomicInteger parked;

        ReceiveBody(Channel<Integer> ch, AtomicInteger parked) {
            this.ch = ch;
            this.parked = parked;
        }

        @Override
        public void run() {
            parked.incrementAndGet();
            ch.receive();
        }
    }

    /**
     * Warm-up rounds ({@code rounds} fibers each, parked and released through the case's own body)
     * until the stack chunk of a parked fiber stops changing: after each round, 10,000 fibers are
     * parked and their chunk bytes per fiber taken from the histogram; three equal probes in a row
     * (or 15 rounds) end the warm-up. The chunk's size is the sum of the frozen frames' sizes, which
     * depend on the JIT tier of every method on the park path (an interpreted frame is ~90 bytes, a
     * C2 frame 16-80) and on what C2 inlined, so it moves while the JIT works.
     */
    private static void warmUntilStable(Runtime rt, int rounds, String what,
                                        java.util.function.Supplier<Case> cases) throws Exception {
        List<Long> probes = new ArrayList<>();
        for (int r = 0; r < 15; r++) {
            if (what.equals("park")) {
                warmPark(rt, rounds);
            } else {
                warmReceive(rt, rounds);
            }
            probes.add(chunkBytesPerFiber(rt, 10_000, cases.get()));
            int k = probes.size();
            if (k >= 3 && probes.get(k - 1).equals(probes.get(k - 2)) && probes.get(k - 2).equals(probes.get(k - 3))) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "warm-up %s: chunk bytes per parked fiber after each round: %s%n", what, probes);
    }

    /** Parks {@code n} fibers of case {@code c}, returns their StackChunk bytes per fiber, releases them. */
    private static long chunkBytesPerFiber(Runtime rt, int n, Case c) throws Exception {
        Parked p = parkAll(rt, n, c);
        releaseAndJoin(rt, c, p.fibers());
        String chunk = "jdk.internal.vm.StackChunk";
        return (p.after().getOrDefault(chunk, new long[2])[1] - p.before().getOrDefault(chunk, new long[2])[1]) / n;
    }

    /** {@code n} fibers of one case, all PARKED, with the class histograms taken just before their spawns and after. */
    private record Parked(List<Fiber<Void>> fibers, Map<String, long[]> before, Map<String, long[]> after) { }

    /** Spawns {@code n} fibers of case {@code c} and waits until all are parked (see {@link Parked}). */
    private static Parked parkAll(Runtime rt, int n, Case c) throws Exception {
        AtomicInteger parked = new AtomicInteger();
        List<Fiber<Void>> fibers = new ArrayList<>(n);
        Map<String, long[]> before = histogram();
        for (int i = 0; i < n; i++) {
            fibers.add(rt.spawn(c.body(parked)));
        }
        awaitAllParked(fibers);
        Map<String, long[]> after = histogram();
        return new Parked(fibers, before, after);
    }

    /** Releases the fibers of case {@code c} and waits for them to end. */
    private static void releaseAndJoin(Runtime rt, Case c, List<Fiber<Void>> fibers) throws Exception {
        c.release(rt, fibers);
        for (Fiber<Void> f : fibers) {
            f.join();
        }
    }

    /** Park/unpark round trips through ParkBody and Strand.park until the path is compiled. */
    private static void warmPark(Runtime rt, int rounds) throws Exception {
        int batch = 2_000;
        for (int done = 0; done < rounds; done += batch) {
            ParkCase c = new ParkCase();
            AtomicInteger parked = new AtomicInteger();
            List<Fiber<Void>> fs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                fs.add(rt.spawn(c.body(parked)));
            }
            // spurious unparks: every one is a full park/wake round trip through the same frames
            for (int k = 0; k < 3; k++) {
                fs.forEach(Fiber::unpark);
                Thread.onSpinWait();
            }
            releaseAndJoin(rt, c, fs);
        }
    }

    /** Receive/send round trips through ReceiveBody and Channel.receive until the path is compiled. */
    private static void warmReceive(Runtime rt, int rounds) throws Exception {
        int batch = 2_000;
        for (int done = 0; done < rounds; done += batch) {
            ReceiveCase c = new ReceiveCase();
            AtomicInteger parked = new AtomicInteger();
            List<Fiber<Void>> fs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                fs.add(rt.spawn(c.body(parked)));
            }
            releaseAndJoin(rt, c, fs);
        }
    }

    private static void measure(Runtime rt, int n, String title, Case c) throws Exception {
        Parked p = parkAll(rt, n, c);
        List<Fiber<Void>> fibers = p.fibers();
        System.out.printf(Locale.ROOT, "%n== %s: %d fibers parked on %d carriers%n", title, n, rt.carriers());
        StackTraceElement[] stack = fibers.get(n / 2).stackTrace();
        System.out.printf(Locale.ROOT, "stack of a parked fiber (%d frames):%n", stack.length);
        for (StackTraceElement e : stack) {
            System.out.println("    at " + e);
        }
        printDelta(p.before(), p.after(), n);
        printChunkSizes(fibers);
        releaseAndJoin(rt, c, fibers);
    }

    /** Waits until every fiber is PARKED (unmounted), not merely spawned. */
    private static void awaitAllParked(List<Fiber<Void>> fibers) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (Fiber<Void> f : fibers) {
            while (f.state() != Fiber.State.PARKED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fiber " + f + " did not park within 120 s");
                }
                Thread.sleep(1);
            }
        }
    }

    private static void printDelta(Map<String, long[]> before, Map<String, long[]> after, int n) {
        record Row(String cls, long instances, long bytes) { }
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long di = e.getValue()[0] - b[0];
            long db = e.getValue()[1] - b[1];
            total += db;
            if (db >= n) { // at least 1 byte per fiber
                rows.add(new Row(e.getKey(), di, db));
            }
        }
        for (Map.Entry<String, long[]> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                total -= e.getValue()[1];
            }
        }
        rows.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        System.out.printf(Locale.ROOT, "%-60s %14s %14s %12s%n", "class", "instances/fiber", "bytes/fiber", "bytes/inst");
        long listed = 0;
        for (Row r : rows) {
            listed += r.bytes;
            System.out.printf(Locale.ROOT, "%-60s %14.2f %14.1f %12.1f%n", r.cls, (double) r.instances / n,
                    (double) r.bytes / n, r.instances > 0 ? (double) r.bytes / r.instances : 0.0);
        }
        System.out.printf(Locale.ROOT, "%-60s %14s %14.1f%n", "listed classes", "", (double) listed / n);
        System.out.printf(Locale.ROOT, "%-60s %14s %14.1f%n", "all classes (heap delta)", "", (double) total / n);
    }

    /**
     * The distribution of the parked fibers' stack chunk sizes (StackChunk.size, in words, read by
     * reflection: needs {@code --add-opens java.base/jdk.internal.vm=ALL-UNNAMED}, else skipped).
     * Shows whether every fiber froze the same frames (a chunk is sized at its first freeze, so a
     * fiber that first parked while its path was still interpreted keeps a large chunk).
     */
    private static void printChunkSizes(List<Fiber<Void>> fibers) {
        try {
            java.lang.reflect.Field core = Fiber.class.getDeclaredField("core");
            core.setAccessible(true);
            Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
            java.lang.reflect.Field tail = cont.getDeclaredField("tail");
            tail.setAccessible(true);
            java.lang.reflect.Field size = Class.forName("jdk.internal.vm.StackChunk").getDeclaredField("size");
            size.setAccessible(true);
            java.util.TreeMap<Integer, Integer> bySize = new java.util.TreeMap<>();
            for (Fiber<Void> f : fibers) {
                Object chunk = tail.get(core.get(f));
                bySize.merge(chunk == null ? -1 : size.getInt(chunk), 1, Integer::sum);
            }
            StringBuilder b = new StringBuilder("chunk size (words of stack: fibers):");
            bySize.forEach((w, k) -> b.append(' ').append(w).append(": ").append(k));
            System.out.println(b);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("chunk sizes: not available (" + e + "; run with --add-opens java.base/jdk.internal.vm=ALL-UNNAMED)");
        }
    }

    /** class name -> {instances, bytes}, of live objects (the command runs a full GC first). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            // " num:   #instances   #bytes  class name (module)"
            String[] p = line.trim().split("\\s+");
            if (p.length >= 4 && p[0].endsWith(":")) {
                m.put(p[3], new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
            }
        }
        return m;
    }
}
