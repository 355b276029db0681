package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Channel.asPublisher and Channel.fromPublisher beyond the TCK's rules: demand-driven delivery,
 * values left in the channel after a cancel, errors carried through a close, the round trip, and
 * the JDK's SubmissionPublisher as a source. On 1 and 2 carriers (the serving and feeding fibers
 * run on the runtime of the fiber that subscribes).
 */
@Timeout(60)
class FlowBridgeTest {
    private static final long LONG = 30;

    static Stream<Integer> oneAndTwo() {
        return Stream.of(1, 2);
    }

    private static Runtime runtime(int carriers) {
        return Runtime.builder().carriers(carriers).name("flow").build();
    }

    /** Records every signal; requests nothing by itself unless {@code initial > 0}. */
    static final class Recorder<T> implements Flow.Subscriber<T> {
        final List<Object> signals = new ArrayList<>(); // guarded by this
        final CountDownLatch terminated = new CountDownLatch(1);
        final long initial;
        volatile Flow.Subscription subscription;
        volatile Throwable error;

        Recorder(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public synchronized void onNext(T item) {
            signals.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            synchronized (this) {
                signals.add("error");
            }
            terminated.countDown();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                signals.add("complete");
            }
            terminated.countDown();
        }

        synchronized List<Object> snapshot() {
            return List.copyOf(signals);
        }

        void awaitTerminal() throws InterruptedException {
            assertTrue(terminated.await(LONG, TimeUnit.SECONDS), () -> "no terminal signal; got " + snapshot());
        }

        void awaitSignals(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG);
            while (snapshot().size() < n) {
                assertTrue(System.nanoTime() < deadline, () -> "expected " + n + " signals, got " + snapshot());
                Thread.sleep(1);
            }
        }
    }

    private static <T> void subscribeInFiber(Runtime rt, Flow.Publisher<T> p, Flow.Subscriber<T> s) {
        rt.spawn(() -> p.subscribe(s)).join();
    }

    // ------------------------------------------------------------------ asPublisher

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAClosedChannel_whenSubscribedWithUnboundedDemand_thenEveryValueInOrderThenComplete(int carriers)
            throws Exception {
        try (Runtime rt = runtime(carriers)) {
            Channel<Integer> ch = Channel.buffered(100);
            for (int i = 0; i < 100; i++) {
                ch.send(i);
            }
            ch.close();
            Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
            subscribeInFiber(rt, ch.asPublisher(), r);
            r.awaitTerminal();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i);
            }
            expected.add("complete");
            assertEquals(expected, r.snapshot());
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenDemandOfTwo_thenExactlyTwoValuesAreTakenAndTheRestStayInTheChannel(int carriers) throws Exception {
        try (Runtime rt = runtime(carriers)) {
            Channel<Integer> ch = Channel.buffered(10);
            for (int i = 0; i < 10; i++) {
                ch.send(i);
            }
            Recorder<Integer> r = new Recorder<>(2);
            subscribeInFiber(rt, ch.asPublisher(), r);
            r.awaitSignals(2);
            Thread.sleep(20); // give a wrong implementation time to take more
            assertEquals(List.of(0, 1), r.snapshot());
            assertEquals(8, ch.size(), "nothing is taken from the channel without demand");
            r.subscription.cancel();
            r.subscription.request(5); // after cancel: a no-op (rule 3.6)
            Thread.sleep(20);
            assertEquals(8, ch.size(), "a cancelled subscription takes nothing more");
            assertEquals(List.of(0, 1), r.snapshot());
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenASubscriberWaitingForValues_whenCancelled_thenItsServerStopsAndTakesNothingLater(int carriers)
            throws Exception {
        try (Runtime rt = runtime(carriers)) {
            Channel<Integer> ch = Channel.unbuffered();
            Recorder<Integer> r = new Recorder<>(10);
            subscribeInFiber(rt, ch.asPublisher(), r);
            rt.spawn(() -> ch.send(1)).join();
            r.awaitSignals(1);
            r.subscription.cancel();
            // the server was parked in a receive: after the cancel, a send finds no receiver
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG);
            while (ch.waiterCount() != 0) {
                assertTrue(System.nanoTime() < deadline, "the cancelled server still waits on the channel");
                Thread.sleep(1);
            }
            assertFalse(ch.trySend(2));
            assertEquals(List.of(1), r.snapshot());
        }
    }

    @Test
    void givenAChannelClosedByAFailedPublisher_whenSubscribed_thenOnErrorWithThatError() throws Exception {
        try (Runtime rt = runtime(1)) {
            Channel<Integer> ch = Channel.buffered(4);
            ch.send(1);
            IllegalStateException boom = new IllegalStateException("boom");
            ch.close0(boom);
            Recorder<Integer> r = new Recorder<>(10);
            subscribeInFiber(rt, ch.asPublisher(), r);
            r.awaitTerminal();
            assertEquals(List.of(1, "error"), r.snapshot());
            assertSame(boom, r.error);
        }
    }

    @Test
    void givenRequestOfZero_thenOnErrorIllegalArgumentException() throws Exception {
        try (Runtime rt = runtime(1)) {
            Channel<Integer> ch = Channel.unbuffered();
            Recorder<Integer> r = new Recorder<>(0);
            subscribeInFiber(rt, ch.asPublisher(), r);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG);
            while (r.subscription == null) {
                assertTrue(System.nanoTime() < deadline);
                Thread.sleep(1);
            }
            r.subscription.request(0);
            r.awaitTerminal();
            assertInstanceOf(IllegalArgumentException.class, r.error);
        }
    }

    @Test
    void givenANullSubscriber_thenNullPointerException() {
        assertThrows(NullPointerException.class, () -> Channel.unbuffered().asPublisher().subscribe(null));
    }

    // ------------------------------------------------------------------ fromPublisher

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenASubmissionPublisher_whenReadThroughAChannel_thenEveryValueInOrderThenClosed(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            int n = 2_000;
            List<Integer> got = rt.run(() -> {
                SubmissionPublisher<Integer> pub = new SubmissionPublisher<>();
                Channel<Integer> ch = Channel.fromPublisher(pub, 8);
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < n; i++) {
                        pub.submit(i); // blocks this plain thread when the subscriber's buffer is full
                    }
                    pub.close();
                });
                producer.start();
                List<Integer> l = new ArrayList<>();
                for (int v : ch) {
                    l.add(v);
                }
                return l;
            });
            assertEquals(n, got.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    /** A publisher that counts what was requested and sends on demand from the requesting thread. */
    static final class CountingPublisher implements Flow.Publisher<Integer> {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile Flow.Subscriber<? super Integer> subscriber;
        private int next; // guarded by this

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            subscriber = s;
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                    for (long i = 0; i < n; i++) {
                        int v;
                        synchronized (CountingPublisher.this) {
                            v = next++;
                        }
                        s.onNext(v);
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenNoReceiver_thenTheSubscriberRequestsAtMostTwiceTheCapacity_andMoreAsTheChannelDrains(int carriers)
            throws Exception {
        try (Runtime rt = runtime(carriers)) {
            CountingPublisher pub = new CountingPublisher();
            Channel<Integer> ch = rt.spawn(() -> Channel.fromPublisher(pub, 4)).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG);
            while (ch.size() < 4) {
                assertTrue(System.nanoTime() < deadline, "the channel should fill up");
                Thread.sleep(1);
            }
            Thread.sleep(20); // give a wrong implementation time to request more
            long before = pub.requested.get();
            assertTrue(before <= 8, "requested " + before + " with nobody receiving, capacity 4");
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                got.add(ch.receive());
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, got.get(i));
            }
            assertTrue(pub.requested.get() >= 20, "demand follows the receivers");
            ch.close(); // the receiver has had enough: the subscription is cancelled at the next value
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG);
            while (!pub.cancelled.get()) {
                assertTrue(System.nanoTime() < deadline, "closing the channel should cancel the subscription");
                Thread.sleep(1);
            }
        }
    }

    /** Emits {@code items} as requested, then fails with {@code error}. */
    record FailingPublisher(List<Integer> items, RuntimeException error) implements Flow.Publisher<Integer> {
        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            s.onSubscribe(new Flow.Subscription() {
                private int index;       // guarded by this
                private boolean failed;  // guarded by this

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && index < items.size(); i++) {
                        s.onNext(items.get(index++));
                    }
                    if (index == items.size() && !failed) {
                        failed = true;
                        s.onError(error);
                    }
                }

                @Override
                public void cancel() {
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAPublisherThatFails_thenReceiversDrainThenGetChannelClosedWithTheCause(int carriers) {
        IllegalStateException boom = new IllegalStateException("boom");
        FailingPublisher pub = new FailingPublisher(List.of(1, 2), boom);
        try (Runtime rt = runtime(carriers)) {
            rt.run(() -> {
                Channel<Integer> ch = Channel.fromPublisher(pub, 4);
                Channel<Integer> ch2 = Channel.fromPublisher(pub, 0);
                assertEquals(1, ch.receive());
                assertEquals(2, ch.receive());
                ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
                assertSame(boom, e.getCause());
                assertSame(boom, assertThrows(ChannelClosedException.class, ch::tryReceive).getCause());
                List<Integer> seen = new ArrayList<>();
                ChannelClosedException it = assertThrows(ChannelClosedException.class, () -> {
                    for (int v : ch2) {
                        seen.add(v);
                    }
                });
                assertEquals(List.of(1, 2), seen);
                assertSame(boom, it.getCause(), "iteration does not end quietly on a failed publisher");
                return null;
            });
        }
    }

    @ParameterizedTest
    @MethodSource("oneAndTwo")
    void givenAChannel_whenPublishedAndReadBackIntoAChannel_thenTheValuesSurviveTheRoundTrip(int carriers) {
        try (Runtime rt = runtime(carriers)) {
            long sum = rt.run(() -> {
                Channel<Integer> source = Channel.buffered(3);
                io.spindle.runtime.Fiber.spawn(() -> {
                    for (int i = 1; i <= 1000; i++) {
                        source.send(i);
                    }
                    source.close();
                });
                Channel<Integer> copy = Channel.fromPublisher(source.asPublisher(), 2);
                long s = 0;
                for (int v : copy) {
                    s += v;
                }
                assertThrows(ChannelClosedException.class, copy::receive);
                return s;
            });
            assertEquals(500_500L, sum);
        }
    }

    @Test
    void givenBadArguments_thenNamedExceptions() {
        Flow.Publisher<Integer> p = Channel.<Integer>unbuffered().asPublisher();
        assertThrows(IllegalArgumentException.class, () -> Channel.fromPublisher(p, -1));
        assertThrows(NullPointerException.class, () -> Channel.fromPublisher(null, 1));
    }
}
