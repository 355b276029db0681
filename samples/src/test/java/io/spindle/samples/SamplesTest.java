package io.spindle.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every sample prints its result; these tests check that output. */
@Timeout(60)
class SamplesTest {

    private static String output(java.util.function.Consumer<PrintStream> sample) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            sample.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tutorialReceivesTheThreeValuesAndSelectsBothKinds() {
        String out = output(GoTutorial::run);
        assertTrue(out.contains("sum 78"), out);
        assertTrue(out.contains("select got int 42") && out.contains("select got string gopher"), out);
        assertTrue(out.contains("the never-case did not fire") && !out.contains("this case never fires"), out);
    }

    @Test
    void sieveFindsTheFirst100Primes() {
        List<Integer> p = PrimeSieve.primes(100);
        assertEquals(List.of(2, 3, 5, 7, 11, 13), p.subList(0, 6));
        assertEquals(541, p.get(99));
        assertTrue(output(PrimeSieve::run).contains("the 100th prime is 541"));
    }

    @Test
    void fanInHearsMessagesThenTimesOut() {
        String out = output(FanInTimeout::run);
        assertTrue(out.contains("heard some messages"), out);
        assertTrue(out.contains("a last message arrived"), out);
    }

    @Test
    void workerPoolSumsEverySquareOnce() {
        long expected = 0;
        for (long j = 1; j <= 1000; j++) {
            expected += j * j;
        }
        assertEquals(expected, WorkerPool.run(8, 1000));
        assertTrue(output(WorkerPool::run).contains("sum = " + expected));
    }

    @Test
    void pipelineStopsWhenDoneIsClosed() {
        String out = output(PipelineCancel::run);
        assertTrue(out.contains("first five squares: 1 4 9 16 25"), out);
        assertTrue(out.contains("values in flight drained: true"), out);
    }

    @Test
    void tickerLimitsTheRate() {
        String out = output(TickerRateLimit::run);
        for (int i = 1; i <= 5; i++) {
            assertTrue(out.contains("request " + i + " served"), out);
        }
        assertTrue(out.contains("took at least 100 ms: true"), out);
    }

    @Test
    void mutexCounterLosesNoIncrement() {
        assertEquals(100_000, MutexCounter.count(100, 1000));
    }

    @Test
    void plainThreadServiceGetsEveryAnswer() throws Exception {
        assertEquals(List.of(55L, 89L, 144L, 233L, 377L), ThreadService.serve(5));
    }

    @Test
    void blockingReadReadsEveryFile() throws Exception {
        long expected = 0;
        for (int i = 0; i < 10; i++) {
            expected += 1000 + i;
        }
        assertEquals(expected, BlockingFileRead.totalBytes(10));
    }

    @Test
    void loomSideBySideReachesTheEndOnBothSchedulers() {
        String out = output(LoomSideBySide::run);
        assertTrue(out.contains("default scheduler reached 100000, Spindle's scheduler reached 100000"), out);
    }

    @Test
    void asyncCallsAreAllAwaitedWithoutAThreadPerCall() {
        AsyncCalls.Result r = AsyncCalls.run(10_000, 2);
        assertEquals(10_000, r.correct(), r::toString);
        // 2 carriers + the client's I/O thread; a little slack for a JVM-internal thread that may start
        // meanwhile. A thread per call (or carriers blocked in join) would be thousands (or a hang).
        assertTrue(r.peakThreadsDuring() - r.threadsBefore() <= 6, r::toString);
        assertTrue(r.newThreadsDuring().contains("local-async-client-io"), r::toString);
        assertEquals(2, r.newThreadsDuring().stream().filter(n -> n.startsWith("async-carrier-")).count(), r::toString);
        // the runtime's other thread is its stall watchdog; a fiber that only awaits never stalls a carrier
        assertTrue(r.newThreadsDuring().stream().filter(n -> n.startsWith("async-"))
                .allMatch(n -> n.startsWith("async-carrier-") || n.equals("async-watchdog")), r::toString);
        String out = output(AsyncCalls::run);
        assertTrue(out.contains("responses correct: 10000 of 10000"), out);
        assertTrue(out.contains("JVM threads: "), out);
        assertTrue(Samples.ALL.containsKey("async"));
    }

    @Test
    void echoServerEchoesEveryLineWithAFixedThreadCount() {
        String out = output(EchoServerClient::run);
        for (int c = 0; c < 10; c++) {
            assertTrue(out.contains("client " + c + ": 5 of 5 lines echoed"), out);
        }
        assertTrue(out.contains("server threads: 3 (2 carriers + 1 poller)"), out);
        assertTrue(out.contains("echoed 50 lines over 10 connections"), out);
    }

    @Test
    void httpServerKeepsTheConnectionAliveAndAnswersTheJdkClient() {
        String out = output(HttpHelloServer::run);
        for (int i = 0; i < 3; i++) {
            assertTrue(out.contains("request " + i + " on the same connection: HTTP/1.1 200 OK \"Hello, World!\""), out);
        }
        assertTrue(out.contains("keep-alive requests answered: 3 of 3"), out);
        assertTrue(out.contains("HttpClient: 200 \"Hello, World!\" (sendAsync awaited in a fiber)"), out);
    }

    @Test
    void httpServerHonoursConnectionCloseAndRejectsGarbage() throws Exception {
        java.io.ByteArrayOutputStream resp = new java.io.ByteArrayOutputStream();
        HttpHelloServer.serveConnection(new java.io.ByteArrayInputStream(
                "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)), resp);
        String r = resp.toString(StandardCharsets.US_ASCII);
        assertEquals(2, r.split("HTTP/1.1 200 OK", -1).length - 1, r);
        assertTrue(r.contains("Connection: close"), r);
        resp.reset();
        HttpHelloServer.serveConnection(new java.io.ByteArrayInputStream("NONSENSE\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)), resp);
        assertTrue(resp.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400 Bad Request"), resp.toString());
    }
}
