package io.spindle.net;

import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import io.spindle.runtime.internal.driver.IoDrivers;
import io.spindle.runtime.internal.sched.CarrierThread;
import io.spindle.runtime.internal.sched.Scheduler;
import java.io.IOException;

/**
 * Which poller serves a socket: the one of the runtime whose fiber opens it, or the global
 * runtime's when a plain thread opens it. A runtime's poller is opened on first use and registered
 * as the runtime's I/O driver ({@link IoDrivers}), through which {@link Runtime#close()} stops it and
 * {@code stats()} reports it without depending on this package.
 */
final class Pollers {
    private Pollers() {
    }

    /** The poller for a socket opened by the current strand. */
    static Poller current() throws IOException {
        Fiber<?> f = Fiber.current();
        return of(f != null ? f.runtime() : Runtime.global());
    }

    /** {@code rt}'s poller, started on first use. */
    static Poller of(Runtime rt) throws IOException {
        if (IoDrivers.get(rt) instanceof Poller p) {
            return p;
        }
        // IoDrivers orders this against Runtime.close(): a closed runtime gets no new poller
        IoDrivers.Driver d = IoDrivers.getOrOpen(rt, rt::isClosed,
                () -> new Poller(rt.name() + "-poller", carrierPolled(rt)));
        if (d == null) {
            throw new IOException("runtime '" + rt.name() + "' is closed: open sockets from a fiber of an open runtime");
        }
        return (Poller) d;
    }

    /**
     * Where the poller runs: {@code -Dspindle.net.poller=thread} (the default: a dedicated thread) or
     * {@code carrier} (the carriers poll, like Go's netpoll; see Poller's overview and docs/net.md).
     */
    static final String MODE_PROPERTY = "spindle.net.poller";

    /** The scheduler whose carriers should poll, in carrier mode when called from one of rt's fibers; else null. */
    private static Scheduler carrierPolled(Runtime rt) {
        String mode = System.getProperty(MODE_PROPERTY, "thread"); // read when a runtime's poller is created
        if (mode.equals("thread")) {
            return null;
        }
        if (!mode.equals("carrier")) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be 'thread' or 'carrier', got '" + mode + "'");
        }
        Fiber<?> f = Fiber.current();
        CarrierThread c = CarrierThread.current();
        // a fiber of rt runs on rt's carriers: that is how we reach rt's scheduler without an API for it
        return f != null && f.runtime() == rt && c != null ? c.worker().scheduler() : null;
    }

    /** The runtime's poller if it has one, else null (tests, stats). */
    static Poller peek(Runtime rt) {
        return IoDrivers.get(rt) instanceof Poller p ? p : null;
    }
}
