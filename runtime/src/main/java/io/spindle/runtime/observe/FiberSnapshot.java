package io.spindle.runtime.observe;

import java.util.List;

/**
 * One fiber in a {@link FiberDump}: what it was doing when the dump was taken.
 *
 * @param id      the fiber's {@code Fiber.id()}
 * @param name    its name
 * @param state   its {@code Fiber.stateName()}
 * @param blocker what it is parked on (see {@code Fiber.blocker()}), described; null if nothing
 *                (or the fiber itself, as for a sleep)
 * @param carrier the carrier thread it is running on, when RUNNING; else null
 * @param stack   its stack, innermost frame first; empty unless it is unmounted (parked or runnable)
 */
public record FiberSnapshot(long id, String name, String state, String blocker, String carrier,
                            List<StackTraceElement> stack) {
}
