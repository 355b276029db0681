package io.spindle.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server side of a benchmark protocol, written once against java.io streams so that every
 * server implementation runs the same code: only where the streams come from differs.
 */
public interface Protocol {
    /** Serves one connection until the client closes it. */
    void serve(InputStream in, OutputStream out) throws IOException;

    static Protocol byName(String name) {
        return switch (name) {
            case "echo" -> new EchoProtocol();
            case "http" -> new HttpProtocol();
            default -> throw new IllegalArgumentException("unknown protocol '" + name + "': echo or http");
        };
    }
}
