package io.spindle.bench.kotlin

import java.lang.management.ManagementFactory

/** What a repetition did: operations, and heap bytes per suspended coroutine for `parked` (else -1). */
class Outcome(val ops: Long, val bytesPerTask: Long) {
    companion object {
        fun ops(n: Long) = Outcome(n, -1)
    }
}

/** A workload's self-check failed (the harness turns it into its WrongResultException). */
class KotlinWrongResultException(message: String) : RuntimeException(message)

/** Throws [KotlinWrongResultException] unless [actual] == [expected]. */
internal fun check(what: String, expected: Long, actual: Long) {
    if (expected != actual) throw KotlinWrongResultException("$what: expected $expected, got $actual")
}

/** Used heap after three `System.gc()` calls: the same measure as the Java implementations' `parked`. */
internal fun usedHeapAfterGc(): Long {
    repeat(3) { System.gc() }
    return ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
}
