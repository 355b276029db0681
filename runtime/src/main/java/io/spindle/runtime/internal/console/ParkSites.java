package io.spindle.runtime.internal.console;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberStates;

/**
 * Where fibers wait, grouped cheaply: by what they are parked on. Reading every parked fiber's stack
 * several times a second would cost a stack walk per fiber, so a site is named by the blocker's
 * class ("Channel", "WaitGroup", "Fiber" for a join) or by the kind of wait ("sleep", "park"); the
 * stacks come on demand, for one site, from the console's dump endpoint.
 */
final class ParkSites {
    private ParkSites() {
    }

    /** The site of a fiber in {@code state}, or null when it is not waiting. */
    static String siteOf(FiberCore f, int state) {
        if (!FiberStates.isParked(state) && state != FiberStates.PARKING && state != FiberStates.TIMED_PARKING) {
            return null;
        }
        Object blocker = f.blocker();
        if (blocker == null || blocker == f.handle()) {
            return f.isSleeping() ? "sleep" : "park";
        }
        Class<?> c = blocker.getClass();
        String simple = c.getSimpleName();
        if (simple.isEmpty()) { // a lambda or anonymous class: its defining class says more
            String n = c.getName();
            int cut = n.indexOf('$');
            simple = n.substring(n.lastIndexOf('.') + 1, cut > 0 ? cut : n.length());
        }
        return simple.equals("Fiber") ? "Fiber (join)" : simple;
    }
}
