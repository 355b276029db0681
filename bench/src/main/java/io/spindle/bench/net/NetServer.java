package io.spindle.bench.net;

import io.spindle.runtime.Runtime;
import java.io.IOException;

/** A benchmark server in the bench JVM: one implementation of "a task per connection". */
public interface NetServer extends AutoCloseable {
    /** Binds to 127.0.0.1 on a free port, starts accepting, returns the port. */
    int start(Protocol protocol) throws IOException;

    /** The Spindle runtime behind it, or null (Loom on the JDK's scheduler). */
    Runtime runtime();

    /**
     * Names of the platform threads that serve it (a regex), for the thread count: the server runs
     * in the bench JVM next to other servers' leftovers (the JDK's scheduler and pollers are shared).
     */
    String threadNames();

    @Override
    void close() throws IOException;

    /** Implementation names, in report order. */
    java.util.List<String> NAMES = java.util.List.of("spindle", "loom", "loom-spindle", "spindle-blocking");

    static NetServer create(String name, int carriers) {
        return switch (name) {
            case "spindle" -> new SpindleNetServer(carriers);
            case "loom" -> new LoomNetServer(null);
            case "loom-spindle" -> new LoomNetServer(Runtime.builder().name("net-loom-spindle").carriers(carriers).build());
            case "spindle-blocking" -> new SpindleBlockingNetServer(carriers);
            default -> throw new IllegalArgumentException("unknown server '" + name + "': one of " + NAMES);
        };
    }
}
