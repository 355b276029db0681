package io.spindle.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Echo: every byte read is written back, until end of stream. The 4 KB buffer is allocated after the
 * first byte, so that an idle connection holds only what the server implementation itself needs
 * (the idle-memory measurement, {@code net --proto idle}).
 */
public final class EchoProtocol implements Protocol {
    @Override
    public void serve(InputStream in, OutputStream out) throws IOException {
        int first = in.read();
        if (first < 0) {
            return;
        }
        out.write(first);
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }
}
