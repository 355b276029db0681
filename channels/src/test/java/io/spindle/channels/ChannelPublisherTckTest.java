package io.spindle.channels;

import io.spindle.runtime.Runtime;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK (Flow flavour) against {@link Channel#asPublisher()}. TestNG, run on
 * the JUnit Platform by the TestNG engine (see the parent POM), so a failing rule fails the build.
 *
 * <p>The publisher under test: a channel holding {@code elements} values, then closed. Small
 * streams are buffered up front; long and "infinite" ones ({@code Long.MAX_VALUE}) are fed by a
 * producer fiber on this class's own runtime, whose close at the end cancels the producers still
 * parked. Timeouts are generous (a loaded 2-core machine), see {@link TckEnv}.
 */
public class ChannelPublisherTckTest extends FlowPublisherVerification<Integer> {
    private static final int PREFILLED_MAX = 1024;
    private final Runtime producers = Runtime.builder().carriers(1).name("tck-producers").build();

    public ChannelPublisherTckTest() {
        super(TckEnv.environment(), TckEnv.GC_TIMEOUT_MILLIS);
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        if (elements <= PREFILLED_MAX) {
            Channel<Integer> ch = Channel.unbounded();
            for (int i = 0; i < elements; i++) {
                ch.send(i);
            }
            ch.close();
            return ch.asPublisher();
        }
        Channel<Integer> ch = Channel.buffered(16);
        producers.spawn(() -> {
            for (long i = 0; i < elements; i++) {
                ch.send((int) i);
            }
            ch.close();
        });
        return ch.asPublisher();
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        Channel<Integer> ch = Channel.unbounded();
        ch.close0(new IllegalStateException("the test's failed publisher"));
        return ch.asPublisher();
    }

    @AfterClass
    public void closeProducers() {
        producers.close();
    }
}
