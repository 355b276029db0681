package io.spindle.runtime.internal.net;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.observe.NetStats;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which poller serves a socket: the one of the runtime whose fiber opens it, or the global
 * runtime's when a plain thread opens it. A runtime's poller is created on first use and stopped
 * by {@link Runtime#close()} (which calls {@link #close(Runtime)}).
 */
public final class Pollers {
    private static final Map<Runtime, Poller> POLLERS = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object(); // orders creation against close(Runtime)

    private Pollers() {
    }

    /** The poller for a socket opened by the current strand. */
    public static Poller current() throws IOException {
        Fiber<?> f = Fiber.current();
        return of(f != null ? f.runtime() : Runtime.global());
    }

    /** {@code rt}'s poller, started on first use. */
    public static Poller of(Runtime rt) throws IOException {
        Poller p = POLLERS.get(rt);
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            // close(rt) sets the runtime's lifecycle before it takes LOCK: seeing it open here under
            // LOCK means close(rt) has not removed the poller yet and will find the one we create
            if (rt.isClosed()) {
                throw new IOException("runtime '" + rt.name() + "' is closed: open sockets from a fiber of an open runtime");
            }
            return POLLERS.computeIfAbsent(rt, r -> new Poller(r.name() + "-poller", carrierPolled(r)));
        }
    }

    /**
     * Where the poller runs: {@code -Dspindle.net.poller=thread} (the default: a dedicated thread) or
     * {@code carrier} (the carriers poll, like Go's netpoll; see Poller's overview and docs/net.md).
     */
    static final String MODE_PROPERTY = "spindle.net.poller";

    /** The scheduler whose carriers should poll, in carrier mode when called from one of rt's fibers; else null. */
    private static io.spindle.runtime.internal.sched.Scheduler carrierPolled(Runtime rt) {
        String mode = System.getProperty(MODE_PROPERTY, "thread"); // read when a runtime's poller is created
        if (mode.equals("thread")) {
            return null;
        }
        if (!mode.equals("carrier")) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be 'thread' or 'carrier', got '" + mode + "'");
        }
        Fiber<?> f = Fiber.current();
        io.spindle.runtime.internal.sched.CarrierThread c = io.spindle.runtime.internal.sched.CarrierThread.current();
        // a fiber of rt runs on rt's carriers: that is how we reach rt's scheduler without an API for it
        return f != null && f.runtime() == rt && c != null ? c.worker().scheduler() : null;
    }

    /** The runtime's poller if it has one, else null (stats). */
    public static Poller peek(Runtime rt) {
        return POLLERS.get(rt);
    }

    /** {@code rt}'s poller counters, or {@link NetStats#NONE} when it has no poller (yet). */
    public static NetStats stats(Runtime rt) {
        Poller p = POLLERS.get(rt);
        return p == null ? NetStats.NONE : new NetStats(p.polls(), p.readyEvents(), p.registrations(), p.requests());
    }

    /** Stops {@code rt}'s poller, if it has one, and joins its thread. */
    public static void close(Runtime rt) {
        Poller p;
        synchronized (LOCK) {
            p = POLLERS.remove(rt);
        }
        if (p != null) {
            p.close();
        }
    }
}
