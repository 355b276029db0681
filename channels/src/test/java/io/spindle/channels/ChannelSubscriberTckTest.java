package io.spindle.channels;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/**
 * The Reactive Streams TCK (Flow flavour, black-box subscriber rules) against the subscriber
 * behind {@link Channel#fromPublisher}. TestNG, run on the JUnit Platform by the TestNG engine.
 * Nobody receives from the channels here: the subscriber must keep to its initial demand
 * (capacity 4) and never block the publisher's thread.
 */
public class ChannelSubscriberTckTest extends FlowSubscriberBlackboxVerification<Integer> {

    public ChannelSubscriberTckTest() {
        super(TckEnv.environment());
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return ChannelSubscriber.create(4);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
