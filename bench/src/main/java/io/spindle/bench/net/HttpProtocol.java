package io.spindle.bench.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 with keep-alive serving a fixed 13-byte body: the same parser as the {@code http}
 * sample (samples/HttpHelloServer), copied here because bench does not depend on samples.
 */
public final class HttpProtocol implements Protocol {
    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + BODY.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 8192;

    /**
     * {@code -Dbench.http.plainBuffer=true}: read through {@link PlainBufferedInput} instead of
     * {@link BufferedInputStream}, whose methods are {@code synchronized}: a fiber that parks inside
     * them yields with a monitor held (see docs/net.md), which this switch takes out of the measurement.
     */
    static final boolean PLAIN_BUFFER = Boolean.getBoolean("bench.http.plainBuffer");

    @Override
    public void serve(InputStream raw, OutputStream rawOut) throws IOException {
        InputStream in = PLAIN_BUFFER ? new PlainBufferedInput(raw, 8192) : new BufferedInputStream(raw, 8192);
        BufferedOutputStream out = new BufferedOutputStream(rawOut, 8192);
        while (true) {
            String requestLine = readLine(in);
            if (requestLine == null) {
                return;
            }
            if (requestLine.isEmpty()) {
                continue;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                out.write(BAD);
                out.flush();
                return;
            }
            boolean keepAlive = parts[2].equals("HTTP/1.1");
            long contentLength = 0;
            String header;
            while ((header = readLine(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    keepAlive = v.contains("close") ? false : v.contains("keep-alive") || keepAlive;
                } else if (name.equals("content-length")) {
                    contentLength = Long.parseLong(value);
                }
            }
            if (header == null) {
                return;
            }
            in.skipNBytes(contentLength);
            out.write(HEAD);
            out.write(keepAlive ? KEEP_ALIVE : CLOSE);
            out.write(BODY);
            if (!keepAlive) {
                out.flush();
                return;
            }
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
        if (b.isEmpty()) {
            return null;
        }
        throw new EOFException("connection closed mid-line");
    }
}
