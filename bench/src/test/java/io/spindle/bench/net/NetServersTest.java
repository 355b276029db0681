package io.spindle.bench.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every benchmark server speaks both protocols correctly (loopback, a plain-thread client). */
@Timeout(60)
class NetServersTest {

    static java.util.List<String> servers() {
        return NetServer.NAMES;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void echoesEveryByteOnSeveralConnections(String impl) throws Exception {
        try (NetServer server = NetServer.create(impl, 2)) {
            int port = server.start(Protocol.byName("echo"));
            for (int c = 0; c < 3; c++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    for (int m = 0; m < 20; m++) {
                        byte[] msg = new byte[64];
                        for (int i = 0; i < msg.length; i++) {
                            msg[i] = (byte) (c * 131 + m * 31 + i);
                        }
                        out.write(msg);
                        assertArrayEquals(msg, in.readNBytes(64), impl + " connection " + c + " message " + m);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void answersKeptAliveHttpRequests(String impl) throws Exception {
        try (NetServer server = NetServer.create(impl, 2)) {
            int port = server.start(Protocol.byName("http"));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                s.getInputStream().transferTo(all); // the server closes after the second answer
                String r = all.toString(StandardCharsets.US_ASCII);
                assertEquals(2, r.split("HTTP/1.1 200 OK", -1).length - 1, r);
                assertTrue(r.endsWith("Hello, World!"), r);
            }
        }
    }
}
