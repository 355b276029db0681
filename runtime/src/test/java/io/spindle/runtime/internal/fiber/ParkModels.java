package io.spindle.runtime.internal.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReferenceArray;

/** Shared by the Lincheck park models (ParkProtocolModelTest, ParkUnlockModelTest). */
final class ParkModels {
    private ParkModels() {
    }

    /** Runs the actors on threads of their own and waits for them (inside Lincheck's test). */
    static void parallel(Runnable... actors) {
        Thread[] ts = new Thread[actors.length];
        for (int i = 0; i < actors.length; i++) {
            ts[i] = new Thread(actors[i]);
            ts[i].start();
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Exactly one actor submits the fiber, and it is RUNNABLE at the end. */
    static void assertWokenOnce(ModelFiber f, AtomicReferenceArray<WakeAction> got) {
        int submits = 0;
        StringBuilder actions = new StringBuilder();
        for (int i = 0; i < got.length(); i++) {
            WakeAction a = got.get(i);
            actions.append(a).append(' ');
            if (a == WakeAction.SUBMIT || a == WakeAction.SUBMIT_WOKEN) {
                submits++;
            }
        }
        assertEquals(1, submits, "submits (actions: " + actions + ", state " + f.stateName() + ")");
        assertEquals(FiberStates.RUNNABLE, f.stateCode(), "final state " + f.stateName() + " (actions: " + actions + ")");
    }
}
