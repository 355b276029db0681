package io.spindle.samples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point of the samples jar: {@code ./spindle sample NAME} or
 * {@code java -jar samples/target/spindle-samples.jar NAME}; {@code list} names them all.
 * {@code watch NAME} runs a workload with the live web console on (see {@link Watch}).
 */
public final class Samples {
    /** Sample name -> program (prints its result to the stream). */
    static final Map<String, Consumer<PrintStream>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("tutorial", GoTutorial::run);
        ALL.put("sieve", PrimeSieve::run);
        ALL.put("fanin", FanInTimeout::run);
        ALL.put("workers", WorkerPool::run);
        ALL.put("pipeline", PipelineCancel::run);
        ALL.put("ticker", TickerRateLimit::run);
        ALL.put("mutex", MutexCounter::run);
        ALL.put("service", ThreadService::run);
        ALL.put("blocking", BlockingFileRead::run);
        ALL.put("loom", LoomSideBySide::run);
        ALL.put("async", AsyncCalls::run);
        ALL.put("mdc", MdcRequestIds::run);
        ALL.put("echo", EchoServerClient::run);
        ALL.put("http", HttpHelloServer::run);
    }

    private Samples() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("watch")) {
            Watch.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String name = args.length > 0 ? args[0] : "list";
        Consumer<PrintStream> sample = ALL.get(name);
        if (sample == null) {
            if (!name.equals("list")) {
                System.err.println("unknown sample '" + name + "'");
            }
            System.out.println("samples: " + String.join(", ", ALL.keySet()) + ", all; watch "
                    + String.join("|", Watch.WORKLOADS.keySet()) + " [seconds] [carriers] [port]");
            if (name.equals("all")) {
                ALL.forEach((n, s) -> {
                    System.out.println("== " + n);
                    s.accept(System.out);
                });
                return;
            }
            if (!name.equals("list")) {
                System.exit(2);
            }
            return;
        }
        sample.accept(System.out);
    }
}
