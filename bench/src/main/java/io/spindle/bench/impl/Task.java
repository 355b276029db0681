package io.spindle.bench.impl;

/** A started task (fiber or virtual thread). */
@FunctionalInterface
public interface Task {
    /** Waits for the task to end (parks a task, blocks a thread). */
    void join();
}
