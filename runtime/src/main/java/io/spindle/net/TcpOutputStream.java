package io.spindle.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** {@link TcpStream#outputStream()}: writes park a fiber and block a thread; nothing is buffered. */
final class TcpOutputStream extends OutputStream {
    private final TcpStream stream;

    TcpOutputStream(TcpStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
        stream.write(ByteBuffer.wrap(new byte[] {(byte) b}));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        stream.write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
