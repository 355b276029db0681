package io.spindle.channels;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Like jox's {@code @TestWithCapacities}: runs a test for every capacity (0, 1, 2, 16, 1024,
 * unbounded) and every carrier count (1, 2, 4). The method takes {@code (Cap cap, int carriers)}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}, {1} carrier(s)")
@MethodSource("io.spindle.channels.TestSupport#capacitiesAndCarriers")
public @interface TestWithCapacities {
}
