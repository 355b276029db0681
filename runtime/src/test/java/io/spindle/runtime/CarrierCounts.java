package io.spindle.runtime;

import java.util.stream.Stream;

/** Carrier counts every runtime test runs with: 1 carrier and several (the project's rule: every behaviour on 1 carrier and on many). */
final class CarrierCounts {
    private CarrierCounts() {
    }

    static Stream<Integer> all() {
        return Stream.of(1, 2, 4);
    }
}
