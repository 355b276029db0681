package io.spindle.runtime.internal.console;

/**
 * Takes one snapshot every {@link #INTERVAL_MILLIS} while at least one stream client is connected,
 * and hands the newest to every client (they wait in {@link #awaitAfter}). With no client it waits
 * on its monitor: no sampling, no trace, no CPU.
 *
 * <p>Fields: {@code clients}, {@code latest}, {@code latestSeq} and {@code closed} are guarded by
 * this object's monitor; the sampler thread writes latest/latestSeq, the clients' threads read them
 * and change clients; close() sets closed.
 */
final class Sampler implements Runnable {
    /** 4 snapshots a second ("several times a second"). Override: -Dspindle.console.intervalMillis. */
    static final long INTERVAL_MILLIS = Long.getLong("spindle.console.intervalMillis", 250);

    /**
     * Whether a watched console records a trace for its timeline: the trace is most of the cost of
     * watching (docs/observability.md, "Live console"). Override: -Dspindle.console.timeline=false.
     */
    static final boolean TIMELINE = !"false".equals(System.getProperty("spindle.console.timeline"));

    private final ConsoleSource src;
    private final SnapshotWriter writer;
    private int clients;          // guarded by this
    private String latest;        // guarded by this
    private long latestSeq;       // guarded by this
    private boolean closed;       // guarded by this

    Sampler(ConsoleSource src) {
        this.src = src;
        this.writer = new SnapshotWriter(src);
    }

    synchronized void clientConnected() {
        clients++;
        notifyAll();
    }

    synchronized void clientGone() {
        clients--;
    }

    synchronized int clients() {
        return clients;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** A snapshot newer than {@code seq}, as {seq, json}; null on timeout or once closed. */
    synchronized Object[] awaitAfter(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!closed && latestSeq <= seq) {
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return null;
            }
            wait(wait);
        }
        return closed ? null : new Object[] {latestSeq, latest};
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void run() {
        boolean tracing = false;
        try {
            while (true) {
                synchronized (this) {
                    while (!closed && clients == 0) {
                        if (tracing) {
                            src.consoleTracing(false); // nobody watches: stop paying for the trace
                            tracing = false;
                        }
                        wait();
                    }
                    if (closed) {
                        break;
                    }
                }
                if (!tracing && TIMELINE) {
                    src.consoleTracing(true);
                    tracing = true;
                }
                String json = writer.write(); // outside the monitor: clients keep reading the previous one
                synchronized (this) {
                    latest = json;
                    latestSeq++;
                    notifyAll();
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            // close(): fall through
        } catch (RuntimeException | Error e) {
            synchronized (System.err) {
                System.err.print("Spindle console of runtime '" + src.name() + "': the sampler failed: ");
                e.printStackTrace(System.err);
            }
        } finally {
            if (tracing) {
                src.consoleTracing(false);
            }
        }
    }
}
