package io.spindle.runtime;

import java.util.stream.Stream;

/** Carrier counts every runtime test runs with: 1 carrier and several (tests must pass with 1 carrier and with many). */
final class CarrierCounts {
    private CarrierCounts() {
    }

    static Stream<Integer> all() {
        return Stream.of(1, 2, 4);
    }
}
