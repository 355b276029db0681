package io.spindle.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** {@link TcpStream#inputStream()}: reads park a fiber and block a thread. */
final class TcpInputStream extends InputStream {
    private final TcpStream stream;
    private final ByteBuffer one = ByteBuffer.allocate(1); // single-byte reads; one reader at a time

    TcpInputStream(TcpStream stream) {
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        one.clear();
        int n = stream.read(one);
        return n < 0 ? -1 : one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        return stream.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
