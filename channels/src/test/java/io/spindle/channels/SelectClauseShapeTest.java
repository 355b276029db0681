package io.spindle.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 3: SelectClause is sealed, and only channel clauses have channel operations, so a
 * timeout or default clause inherits no method that could only throw AssertionError.
 */
class SelectClauseShapeTest {

    @Test
    void givenTheClauseHierarchy_thenItIsSealedToChannelTimeoutAndDefaultClauses() {
        assertTrue(SelectClause.class.isSealed());
        assertEquals(Set.of(ChannelClause.class, DefaultClause.class, TimeoutClause.class), permitted(SelectClause.class));
        assertTrue(ChannelClause.class.isSealed());
        assertEquals(Set.of(SendClause.class, ReceiveClause.class), permitted(ChannelClause.class));
    }

    @Test
    void givenTimeoutAndDefaultClauses_thenTheyHaveNoChannelOperations() {
        Set<String> channelOps = Arrays.stream(ChannelClause.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertTrue(channelOps.containsAll(Set.of("channel", "readyLocked", "completeLocked", "armWaiter", "outcomeOf")),
                channelOps.toString());
        for (Class<?> c : new Class<?>[] {SelectClause.class, DefaultClause.class, TimeoutClause.class}) {
            for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
                for (Method m : k.getDeclaredMethods()) {
                    assertTrue(!channelOps.contains(m.getName()), c.getSimpleName() + " has " + m);
                }
            }
        }
        // and the factories make the right kinds
        Channel<Integer> ch = Channel.unbuffered();
        assertInstanceOf(ReceiveClause.class, ch.onReceive(v -> v));
        assertInstanceOf(SendClause.class, ch.onSend(1, () -> 1));
        assertInstanceOf(TimeoutClause.class, Select.onTimeout(Duration.ZERO, () -> 1));
        assertInstanceOf(DefaultClause.class, Select.onDefault(() -> 1));
    }

    private static Set<Class<?>> permitted(Class<?> c) {
        return Set.of(c.getPermittedSubclasses());
    }
}
