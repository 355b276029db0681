package io.spindle.bench.impl;

import io.spindle.runtime.Strand;
import java.util.concurrent.locks.LockSupport;

/** Park/unpark with permit semantics: {@link Strand} for Spindle fibers, {@link LockSupport} for virtual threads. */
public interface Parker {
    /** A handle for the current task, to pass to {@link #unpark}. */
    Object current();

    /** Parks the current task (may return spuriously). */
    void park();

    /** Makes {@code task}'s permit available and wakes it. */
    void unpark(Object task);

    /** Spindle's park/wake API; works for fibers and threads. */
    Parker STRAND = new Parker() {
        @Override
        public Object current() {
            return Strand.current();
        }

        @Override
        public void park() {
            Strand.park();
        }

        @Override
        public void unpark(Object task) {
            ((Strand) task).unpark();
        }
    };

    /** {@link LockSupport} on (virtual) threads. */
    Parker LOCK_SUPPORT = new Parker() {
        @Override
        public Object current() {
            return Thread.currentThread();
        }

        @Override
        public void park() {
            LockSupport.park();
        }

        @Override
        public void unpark(Object task) {
            LockSupport.unpark((Thread) task);
        }
    };
}
