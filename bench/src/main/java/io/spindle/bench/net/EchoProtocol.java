package io.spindle.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Echo: every byte read is written back, until end of stream. */
public final class EchoProtocol implements Protocol {
    @Override
    public void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }
}
