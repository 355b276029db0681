package io.spindle.samples;

import io.spindle.runtime.CarrierContext;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Embedding: SLF4J's MDC keeps the request id of the current "thread" in a {@code ThreadLocal}.
 * Inside fibers that ThreadLocal belongs to the carrier, shared by every fiber running there, so
 * request ids mix. One registration makes the MDC follow each fiber:
 *
 * <pre>{@code
 * CarrierContext.register("slf4j-mdc", MDC::getCopyOfContextMap, MDC::clear, MDC::setContextMap);
 * }</pre>
 *
 * Then 10,000 request fibers on 2 carriers, each parking several times (yields, timer sleeps, moves
 * between carriers), log with their own request id and never another's. The sample runs the same
 * load without the registration first, to show the problem it solves.
 *
 * <p>Exact only with {@code -XX:+UnlockDiagnosticVMOptions -XX:-InlineThreadNatives} (the launcher
 * and this module's tests pass it): by default C2 may keep the carrier's {@code Thread} across a
 * park within one compiled method, and the MDC read after the park then looks at the previous
 * carrier (docs/embedding.md, "Context").
 */
public final class MdcRequestIds {
    private static final Logger LOG = LoggerFactory.getLogger(MdcRequestIds.class);
    static final String KEY = "requestId";

    /**
     * What one run saw: {@code checks} MDC reads after a park, {@code wrong} of them showing another
     * request's id (or none), {@code leaked} reads by fibers that set no id but saw one.
     */
    public record Result(int requests, long checks, long wrong, long leaked, long completed) {
    }

    private MdcRequestIds() {
    }

    /** Serves {@code requests} request fibers on {@code carriers} carriers, {@code steps} parks each. */
    public static Result serve(int requests, int carriers, int steps, boolean followFibers) {
        CarrierContext mdc = followFibers
                ? CarrierContext.register("slf4j-mdc", MDC::getCopyOfContextMap, MDC::clear, MDC::setContextMap)
                : null;
        LongAdder checks = new LongAdder();
        LongAdder wrong = new LongAdder();
        LongAdder leaked = new LongAdder();
        LongAdder completed = new LongAdder();
        try (Runtime rt = Runtime.builder().carriers(carriers).name("mdc").build()) {
            rt.run(() -> {
                List<Fiber<?>> fibers = new ArrayList<>(requests);
                for (int i = 0; i < requests; i++) {
                    String id = "req-" + i;
                    boolean logs = i % (requests / 4 + 1) == 0; // a few lines, not 10,000
                    fibers.add(Fiber.spawn(() -> handle(id, steps, logs, checks, wrong, completed)));
                    if (i % 10 == 0) {
                        fibers.add(Fiber.spawn(() -> anonymous(steps, leaked))); // sets no id at all
                    }
                }
                for (Fiber<?> f : fibers) {
                    f.join();
                }
                return null;
            });
        } finally {
            if (mdc != null) {
                mdc.close();
            }
        }
        return new Result(requests, checks.sum(), wrong.sum(), leaked.sum(), completed.sum());
    }

    /** A request: sets its id in the MDC, then parks and logs several times. */
    private static void handle(String id, int steps, boolean logs, LongAdder checks, LongAdder wrong,
                               LongAdder completed) {
        MDC.put(KEY, id);
        try {
            for (int s = 0; s < steps; s++) {
                park(s);
                String seen = MDC.get(KEY); // what a log layout's %X{requestId} would print
                checks.increment();
                if (!id.equals(seen)) {
                    wrong.increment();
                }
                if (logs) {
                    LOG.info("handled step {} of {} [MDC requestId={}]", s, id, seen);
                }
            }
            completed.increment();
        } finally {
            MDC.remove(KEY);
        }
    }

    /** A fiber that never sets a request id: it must never see one. */
    private static void anonymous(int steps, LongAdder leaked) {
        for (int s = 0; s < steps; s++) {
            park(s);
            if (MDC.get(KEY) != null) {
                leaked.increment();
            }
        }
    }

    /** Every kind of park: to the back of the queue, and a timer (often resumed on another carrier). */
    private static void park(int step) {
        if (step % 2 == 0) {
            Fiber.yieldNow();
        } else {
            Fiber.sleep(Duration.ofMillis(1));
        }
    }

    public static void run(PrintStream out) {
        if (!CarrierContext.threadLocalsExact()) {
            out.println("note: this JVM runs with the default -XX:+InlineThreadNatives: once C2 compiles the request"
                    + " loop, MDC reads after a park may go to the previous carrier (./spindle sample mdc adds"
                    + " -XX:+UnlockDiagnosticVMOptions -XX:-InlineThreadNatives; see docs/embedding.md)");
        }
        Result without = serve(10_000, 2, 4, false);
        out.printf("without CarrierContext: %d of %d MDC reads showed another request's id, %d leaked into"
                + " fibers that set none%n", without.wrong(), without.checks(), without.leaked());
        Result with = serve(10_000, 2, 4, true);
        out.printf("with CarrierContext:    %d of %d MDC reads showed another request's id, %d leaked;"
                + " %d of %d requests completed%n", with.wrong(), with.checks(), with.leaked(), with.completed(),
                with.requests());
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
