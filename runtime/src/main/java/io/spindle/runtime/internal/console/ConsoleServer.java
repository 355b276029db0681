package io.spindle.runtime.internal.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spindle.runtime.internal.diag.FiberDumps;
import io.spindle.runtime.internal.fiber.FiberCore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Implementation overview: the live web console (Runtime.Builder.console(port)).
 *
 * Server: the JDK's com.sun.net.httpserver, bound to the loopback address only (127.0.0.1; nothing
 * else can connect), its dispatcher thread started as a daemon (startAsDaemon), on a small pool of daemon threads "<runtime>-console-<n>" (at most
 * MAX_THREADS: one per open stream, plus page loads; a request beyond that is refused). It is a
 * plain-thread server: io.spindle.net (issue 10) had not landed when this was written; moving the
 * console onto fiber sockets is the follow-up the issue asks for.
 *
 * Paths: ConsoleAssets.FILES (the page, its script and style, uPlot), /events (the stream),
 * /dump?site=S (the fiber dump, with stacks, of the fibers waiting at park site S; all fibers without
 * site). Anything else is 404, any method but GET is 405, a Host other than 127.0.0.1 or localhost
 * is 403 (loopbackHost: DNS rebinding).
 *
 * Stream: Server-Sent Events ("data: {json}\n\n"), one snapshot every Sampler.INTERVAL_MILLIS
 * (SnapshotWriter says what is in it). Each stream client holds one pool thread, which waits for
 * the sampler's next snapshot and writes it; a client that goes away makes the write fail, and the
 * thread leaves the loop (the other clients and the sampler go on). /events?max=N ends the stream
 * after N snapshots with an "end" event (the page then stops listening: tests and screenshots use
 * it, because headless Chromium waits for every open request before it dumps the page).
 *
 * Cost: with no console nothing of this exists (no thread, no socket, no probe: the runtime keeps a
 * null). With the console on and nobody watching, one sampler thread waits on a monitor and the
 * server's dispatcher thread waits in select(). While someone watches, the sampler takes a snapshot
 * 4 times a second (counters, one pass over the live fibers) and the runtime records a trace for the
 * timeline (see docs/observability.md, "Live console": the measured overhead).
 *
 * close(): stops the sampler, then HttpServer.stop(0), which closes the listening socket (the port
 * is free when close returns) and every open connection, then the pool.
 */
/** The console's HTTP server; see the implementation overview. */
public final class ConsoleServer implements AutoCloseable {
    /** Threads serving requests; one per open stream. 8 tabs on one laptop is plenty. */
    static final int MAX_THREADS = 8;
    /** Fibers listed with stacks by one /dump request (a dump of a million fibers helps nobody). */
    static final int MAX_DUMPED = 100;

    private final ConsoleSource src;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Sampler sampler;
    private final Thread samplerThread;

    private ConsoleServer(ConsoleSource src, HttpServer server, ThreadPoolExecutor pool) {
        this.src = src;
        this.server = server;
        this.pool = pool;
        this.sampler = new Sampler(src);
        this.samplerThread = new Thread(sampler, src.name() + "-console-sampler");
        samplerThread.setDaemon(true);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: any free port) and starts serving.
     *
     * @throws UncheckedIOException with a BindException inside when the port is taken
     */
    public static ConsoleServer start(ConsoleSource src, int port) {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        try {
            server = HttpServer.create(addr, 16);
        } catch (BindException e) {
            BindException be = new BindException("cannot start the Spindle console of runtime '" + src.name()
                    + "' on " + addr + " (" + e.getMessage() + "): choose another port, or 0 for any free one");
            be.initCause(e);
            throw new UncheckedIOException(be);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Spindle console on " + addr, e);
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, src.name() + "-console-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ConsoleServer cs = new ConsoleServer(src, server, pool);
        server.setExecutor(pool);
        server.createContext("/", cs::handle);
        startAsDaemon(server, src.name());
        cs.samplerThread.start();
        return cs;
    }

    /**
     * HttpServer.start() creates its dispatcher thread ("HTTP-Dispatcher") with the daemon status of
     * the calling thread: started from main it would keep the JVM alive after a forgotten runtime
     * (carriers are daemon threads for that very reason). So it is started from a daemon thread.
     */
    private static void startAsDaemon(HttpServer server, String runtimeName) {
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, runtimeName + "-console-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            server.stop(0);
            throw failure[0];
        }
    }

    /** The bound address: 127.0.0.1 and the port (the chosen one when asked for 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stream clients connected now (for tests). */
    public int streamClients() {
        return sampler.clients();
    }

    @Override
    public void close() {
        sampler.close();
        samplerThread.interrupt();
        server.stop(0);
        pool.shutdownNow();
        try {
            // the stream threads see the closed sampler or a failed write and leave; wait for them,
            // so that a closed runtime leaves no console thread behind
            pool.awaitTermination(5, TimeUnit.SECONDS);
            samplerThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain; charset=utf-8", ("the Spindle console answers only requests for"
                        + " 127.0.0.1 or localhost\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String[] file = ConsoleAssets.FILES.get(path);
            boolean known = file != null || path.equals("/events") || path.equals("/dump");
            if (!known) {
                send(ex, 404, "text/plain; charset=utf-8", ("not found: " + path + " (the Spindle console serves /)\n")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
            } else if (file != null) {
                send(ex, 200, file[1], ConsoleAssets.read(file[0]));
            } else if (path.equals("/events") && ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                ex.sendResponseHeaders(200, -1);
            } else if (path.equals("/events")) {
                stream(ex, intParam(ex, "max", Integer.MAX_VALUE));
            } else {
                send(ex, 200, "text/plain; charset=utf-8", dump(param(ex, "site")).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** See overview: Stream. */
    private void stream(HttpExchange ex, int max) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0); // chunked, until one side closes
        OutputStream out = ex.getResponseBody();
        sampler.clientConnected();
        try {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long seen = 0;
            int sent = 0;
            while (sent < max && !sampler.isClosed()) {
                Object[] s = sampler.awaitAfter(seen, 2000);
                if (s == null) {
                    out.write(": idle\n\n".getBytes(StandardCharsets.UTF_8)); // a comment: finds a gone client
                } else {
                    seen = (Long) s[0];
                    out.write(("data: " + s[1] + "\n\n").getBytes(StandardCharsets.UTF_8));
                    sent++;
                }
                out.flush();
            }
            if (sent >= max) {
                out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // the client went away (closed tab, reload): only this stream ends
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } finally {
            sampler.clientGone();
        }
    }

    private String dump(String site) {
        List<FiberCore> chosen = new ArrayList<>();
        int matching = 0;
        for (FiberCore f : src.fibers().snapshot()) {
            if (site == null || site.equals(ParkSites.siteOf(f, f.stateCode()))) {
                if (++matching <= MAX_DUMPED) {
                    chosen.add(f);
                }
            }
        }
        String head = (site == null ? "all fibers" : "fibers waiting at park site '" + site + "'") + ": " + matching
                + (matching > MAX_DUMPED ? ", the first " + MAX_DUMPED + " by registry order shown" : "") + "\n";
        return head + FiberDumps.take(src.name(), src.scheduler().carrierThreads(), chosen);
    }

    /**
     * DNS rebinding: a web page from elsewhere, open in the same browser, could make its own host
     * name resolve to 127.0.0.1 and read the console; its requests carry that name in Host. So only
     * Host 127.0.0.1, localhost or [::1] (any port) is served.
     */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
        if (colon > 0) {
            h = h.substring(0, colon);
        }
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    private static String param(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static int intParam(HttpExchange ex, String name, int dflt) {
        String v = param(ex, name);
        try {
            return v == null ? dflt : Math.max(1, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
