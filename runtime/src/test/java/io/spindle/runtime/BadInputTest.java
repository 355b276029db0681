package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Bad arguments get clear exceptions. */
class BadInputTest {

    @Test
    void givenZeroOrNegativeCarriers_thenIllegalArgumentException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runtime.builder().carriers(0));
        assertTrue(e.getMessage().contains("carriers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().carriers(-3));
    }

    @Test
    void givenBadBuilderValues_thenClearExceptions() {
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().localQueueCapacity(3));
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().shutdownTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> Runtime.builder().name(null));
        assertThrows(NullPointerException.class, () -> Runtime.builder().exceptionHandler(null));
    }

    @Test
    void givenNullBodies_thenNullPointerException() {
        try (Runtime rt = Runtime.builder().carriers(1).build()) {
            assertThrows(NullPointerException.class, () -> rt.spawn((Callable<Object>) null));
            assertThrows(NullPointerException.class, () -> rt.spawn((Runnable) null));
            assertThrows(NullPointerException.class, () -> rt.run(null));
            assertThrows(NullPointerException.class, () -> Fiber.blocking(null));
        }
    }
}
