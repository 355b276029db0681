package io.spindle.samples;

import io.spindle.net.TcpListener;
import io.spindle.net.TcpStream;
import io.spindle.runtime.Fiber;
import io.spindle.runtime.Runtime;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 server with keep-alive that answers every request with a fixed body: a fiber
 * per connection, parsing with plain java.io ({@link TcpStream#inputStream()} in a
 * BufferedInputStream). Then two clients: a fiber speaking HTTP by hand over one kept-alive
 * connection, and the JDK's HttpClient from a fiber (sendAsync + Fiber.await).
 */
public final class HttpHelloServer {
    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + BODY.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 8192;

    private HttpHelloServer() {
    }

    /** Accepts until the listener is closed; a fiber per connection. */
    public static void serve(TcpListener listener) {
        while (true) {
            TcpStream conn;
            try {
                conn = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Fiber.spawn(() -> {
                try (conn) {
                    conn.setNoDelay(true);
                    serveConnection(conn.inputStream(), conn.outputStream());
                } catch (IOException e) {
                    // the client went away (reset, or closed mid-request): nothing to answer
                }
                return null;
            });
        }
    }

    /** Requests on one connection until the client closes or asks to: keep-alive by default (HTTP/1.1). */
    static void serveConnection(InputStream raw, OutputStream rawOut) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 8192);
        BufferedOutputStream out = new BufferedOutputStream(rawOut, 8192);
        while (true) {
            String requestLine = readLine(in);
            if (requestLine == null) {
                return;                                            // the client closed between requests
            }
            if (requestLine.isEmpty()) {
                continue;                                          // tolerated CRLF between requests (RFC 9112 2.2)
            }
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                out.write(BAD_REQUEST);
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
                return;                                            // closed mid-headers
            }
            in.skipNBytes(contentLength);                         // the body is not used
            out.write(RESPONSE_HEAD);
            out.write(keepAlive ? KEEP_ALIVE : CLOSE);
            out.write(BODY);
            if (!keepAlive) {
                out.flush();
                return;
            }
            if (in.available() == 0) {                             // flush once per batch of pipelined requests
                out.flush();
            }
        }
    }

    /** A CRLF (or LF) terminated ASCII line without its terminator; null at end of stream before any byte. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("request line or header longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
        if (b.isEmpty()) {
            return null;
        }
        throw new java.io.EOFException("connection closed mid-line");
    }

    public static void run(PrintStream out) {
        try (Runtime rt = Runtime.builder().name("http").carriers(2).build()) {
            TcpListener listener = rt.run(() -> TcpListener.bind(new InetSocketAddress("127.0.0.1", 0)));
            InetSocketAddress addr = (InetSocketAddress) listener.localAddress();
            rt.spawn(() -> serve(listener));

            // 1. a fiber speaking HTTP/1.1 by hand: three requests on one kept-alive connection
            int answered = rt.run(() -> {
                int ok = 0;
                try (TcpStream s = TcpStream.connect(addr)) {
                    BufferedInputStream in = new BufferedInputStream(s.inputStream());
                    for (int i = 0; i < 3; i++) {
                        s.write(ByteBuffer.wrap(("GET /" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII)));
                        String status = readLine(in);
                        long length = -1;
                        String h;
                        while (!(h = readLine(in)).isEmpty()) {
                            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                                length = Long.parseLong(h.substring(15).trim());
                            }
                        }
                        String body = new String(in.readNBytes((int) length), StandardCharsets.US_ASCII);
                        out.println("fiber client, request " + i + " on the same connection: " + status + " \"" + body + "\"");
                        if (status.equals("HTTP/1.1 200 OK") && body.equals("Hello, World!")) {
                            ok++;
                        }
                    }
                }
                return ok;
            });
            out.println("keep-alive requests answered: " + answered + " of 3");

            // 2. the JDK's HttpClient from a fiber: sendAsync, then Fiber.await parks the fiber (its
            //    carrier runs other fibers) until the response arrives
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + addr.getHostString()
                        + ":" + addr.getPort() + "/hello")).build();
                HttpResponse<String> r = rt.run(() ->
                        Fiber.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())));
                out.println("HttpClient: " + r.statusCode() + " \"" + r.body() + "\" (sendAsync awaited in a fiber)");
            }
            listener.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
