package io.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.testsupport.FiberFailures;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Structured concurrency: failure cancels siblings, close waits for all, cancellation propagates. */
@Timeout(60)
class FiberScopeTest {

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenChildrenThatSucceed_whenJoined_thenAllResultsAreThere(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            int sum = rt.run(() -> {
                try (FiberScope scope = FiberScope.open()) {
                    Fiber<Integer> a = scope.spawn(() -> 20);
                    Fiber<Integer> b = scope.spawn(() -> 22);
                    scope.join();
                    return a.join() + b.join();
                }
            });
            assertEquals(42, sum);
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenOneChildFails_thenItsSiblingsAreCancelledAndJoinThrowsTheFailure(int carriers) {
        AtomicInteger siblingsCleanedUp = new AtomicInteger();
        FiberFailures failures = new FiberFailures(); // the child fails on purpose: no stack trace on stderr
        try (Runtime rt = Runtime.builder().carriers(carriers).exceptionHandler(failures).build()) {
            IllegalStateException boom = new IllegalStateException("child failed");
            CompletionException e = assertThrows(CompletionException.class, () -> rt.run(() -> {
                try (FiberScope scope = FiberScope.open()) {
                    for (int i = 0; i < 5; i++) {
                        scope.spawn(() -> {
                            try {
                                Fiber.sleep(Duration.ofMinutes(10));
                            } finally {
                                siblingsCleanedUp.incrementAndGet();
                            }
                        });
                    }
                    scope.spawn(() -> {
                        Fiber.sleep(Duration.ofMillis(20));
                        throw boom;
                    });
                    scope.join();
                    return null;
                }
            }));
            // run wraps the scope's CompletionException once more
            assertInstanceOf(CompletionException.class, e.getCause());
            assertSame(boom, e.getCause().getCause());
            assertEquals(5, siblingsCleanedUp.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenCloseWithoutJoin_thenCloseWaitsForEveryChild(int carriers) {
        AtomicInteger finished = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            rt.run(() -> {
                try (FiberScope scope = FiberScope.open()) {
                    for (int i = 0; i < 20; i++) {
                        scope.spawn(() -> {
                            Fiber.sleep(Duration.ofMillis(10));
                            finished.incrementAndGet();
                        });
                    }
                }
                return null;
            });
            assertEquals(20, finished.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenTheOwnerIsCancelledWhileJoining_thenTheChildrenAreCancelledToo(int carriers) throws Exception {
        AtomicInteger childrenCancelled = new AtomicInteger();
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            Fiber<Void> owner = rt.spawn(() -> {
                try (FiberScope scope = FiberScope.open()) {
                    for (int i = 0; i < 3; i++) {
                        scope.spawn(() -> {
                            try {
                                Fiber.sleep(Duration.ofMinutes(10));
                            } catch (FiberCancelledException e) {
                                childrenCancelled.incrementAndGet();
                                throw e;
                            }
                        });
                    }
                    scope.join();
                }
            });
            while (!owner.stateName().equals("PARKED")) {
                Thread.sleep(1);
            }
            owner.cancel();
            CompletionException e = assertThrows(CompletionException.class, owner::join);
            assertInstanceOf(FiberCancelledException.class, e.getCause());
            assertEquals(3, childrenCancelled.get());
        }
    }

    @ParameterizedTest
    @MethodSource("io.spindle.runtime.CarrierCounts#all")
    void givenAClosedScope_whenSpawning_thenIllegalStateException(int carriers) {
        try (Runtime rt = Runtime.builder().carriers(carriers).build()) {
            FiberScope scope = FiberScope.open(rt);
            scope.close();
            assertThrows(IllegalStateException.class, () -> scope.spawn(() -> 1));
            assertTrue(scope.failure() == null);
        }
    }
}
