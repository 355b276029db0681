package io.spindle.net;

import io.spindle.runtime.internal.fiber.WakeCause;

/** The dedicated poller thread: its wake-ups show as cause {@code netpoll} in traces and JFR events. */
final class PollerThread extends Thread implements WakeCause {
    PollerThread(Runnable loop, String name) {
        super(loop, name);
        setDaemon(true);
    }

    @Override
    public String wakeCause() {
        return "netpoll";
    }
}
