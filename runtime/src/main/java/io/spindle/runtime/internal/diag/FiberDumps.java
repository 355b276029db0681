package io.spindle.runtime.internal.diag;

import io.spindle.runtime.internal.fiber.FiberCore;
import io.spindle.runtime.internal.fiber.FiberStates;
import io.spindle.runtime.internal.sched.CarrierThread;
import io.spindle.runtime.internal.trace.BlockerNames;
import io.spindle.runtime.observe.FiberDump;
import io.spindle.runtime.observe.FiberSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Takes a {@link FiberDump} of a runtime's live fibers (see {@code Runtime.fiberDump()}). */
public final class FiberDumps {
    private FiberDumps() {
    }

    /** {@code carriers}: the runtime's carrier threads; {@code live}: its live fibers. */
    public static FiberDump take(String runtimeName, List<Thread> carriers, List<FiberCore> live) {
        Map<FiberCore, String> running = new HashMap<>();
        for (Thread t : carriers) {
            if (((CarrierThread) t).mounted() instanceof FiberCore f) { // racy read: a hint for the dump only
                running.put(f, t.getName());
            }
        }
        List<FiberSnapshot> out = new ArrayList<>();
        for (FiberCore f : live) {
            int code = f.stateCode();
            String state = f.stateName();
            Object blocker = f.blocker();
            out.add(new FiberSnapshot(f.id(), f.name(), state,
                    blocker == f.handle() ? null : BlockerNames.describe(blocker),
                    code == FiberStates.RUNNING ? running.get(f) : null, List.of(f.stackTrace())));
        }
        out.sort(Comparator.comparingLong(FiberSnapshot::id));
        return new FiberDump(runtimeName, Instant.now(), List.copyOf(out));
    }
}
