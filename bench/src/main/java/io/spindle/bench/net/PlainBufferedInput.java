package io.spindle.bench.net;

import java.io.IOException;
import java.io.InputStream;

/** A buffered input stream without locks (one reader), for the HTTP protocol's monitor experiment. */
final class PlainBufferedInput extends InputStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;

    PlainBufferedInput(InputStream in, int size) {
        this.in = in;
        this.buf = new byte[size];
    }

    @Override
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end && !fill()) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return end - pos;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
