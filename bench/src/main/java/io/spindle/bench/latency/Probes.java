package io.spindle.bench.latency;

import io.spindle.bench.chan.BenchChannel;
import io.spindle.bench.impl.Impl;
import io.spindle.bench.impl.Parker;
import io.spindle.bench.impl.Task;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The latency measurements, each written once against {@link Impl}:
 * <ul>
 *   <li>{@link #roundTrip}: ping-pong over two unbuffered channels, one sample per round trip;</li>
 *   <li>{@link #wakeOnSend}: a task parked in receive; the time from just before {@code send} to the
 *       receiver running again (the value sent is the timestamp);</li>
 *   <li>{@link #wakeOnUnpark}: a task parked with the park API; the time from just before
 *       {@code unpark} to it running again.</li>
 * </ul>
 * Before each wake-up sample the waker spins {@value #SETTLE_NANOS} ns so that the waiter has
 * really parked (the sample then measures a wake-up, not a permit already there).
 */
final class Probes {
    static final long SETTLE_NANOS = 5_000;
    private static final long MAX_NANOS = 10_000_000_000L;

    private Probes() {
    }

    static Histogram roundTrip(Impl impl, int samples) throws Exception {
        Histogram h = new Histogram(MAX_NANOS, 3);
        impl.run(() -> {
            BenchChannel<Integer> ping = impl.channels().unbuffered();
            BenchChannel<Integer> pong = impl.channels().unbuffered();
            Task echo = impl.spawn(() -> {
                for (int i = 0; i < samples; i++) {
                    pong.send(ping.receive());
                }
            });
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                ping.send(i & 0x7F);
                pong.receive();
                h.recordValue(Math.min(MAX_NANOS, System.nanoTime() - t0));
            }
            echo.join();
            return null;
        });
        return h;
    }

    static Histogram wakeOnSend(Impl impl, int samples) throws Exception {
        Histogram h = new Histogram(MAX_NANOS, 3);
        impl.run(() -> {
            BenchChannel<Long> data = impl.channels().unbuffered();
            BenchChannel<Boolean> ack = impl.channels().unbuffered();
            Task waiter = impl.spawn(() -> {
                for (int i = 0; i < samples; i++) {
                    long t0 = data.receive();
                    h.recordValue(Math.min(MAX_NANOS, System.nanoTime() - t0));
                    ack.send(Boolean.TRUE);
                }
            });
            for (int i = 0; i < samples; i++) {
                settle();
                data.send(System.nanoTime());
                ack.receive();
            }
            waiter.join();
            return null;
        });
        return h;
    }

    static Histogram wakeOnUnpark(Impl impl, int samples) throws Exception {
        Histogram h = new Histogram(MAX_NANOS, 3);
        Parker p = impl.parker();
        AtomicLong stamp = new AtomicLong(); // 0: nothing to take; else the waker's nanoTime
        impl.run(() -> {
            Object main = p.current();
            Object[] waiterHandle = new Object[1];
            AtomicLong ready = new AtomicLong();
            Task waiter = impl.spawn(() -> {
                waiterHandle[0] = p.current();
                ready.set(1);
                for (int i = 0; i < samples; i++) {
                    long t0;
                    while ((t0 = stamp.get()) == 0) {
                        p.park();
                    }
                    h.recordValue(Math.min(MAX_NANOS, System.nanoTime() - t0));
                    stamp.set(0);
                    p.unpark(main);
                }
            });
            while (ready.get() == 0) {
                impl.yieldNow();
            }
            Object w = waiterHandle[0];
            for (int i = 0; i < samples; i++) {
                settle();
                stamp.set(System.nanoTime());
                p.unpark(w);
                while (stamp.get() != 0) {
                    p.park();
                }
            }
            waiter.join();
            return null;
        });
        return h;
    }

    private static void settle() {
        long end = System.nanoTime() + SETTLE_NANOS;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
