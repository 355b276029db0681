package io.spindle.bench.kotlin

import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred

/**
 * A count-down latch for coroutines (kotlinx has no wait group): [countDown] [count] times opens
 * it, [await] suspends until then. Counting down past zero is a lost-or-duplicated-task error.
 */
internal class Latch(count: Long) {
    private val left = AtomicLong(count)
    private val opened = CompletableDeferred<Unit>()

    init {
        if (count == 0L) opened.complete(Unit)
    }

    fun countDown() {
        val now = left.decrementAndGet()
        if (now == 0L) {
            opened.complete(Unit)
        } else if (now < 0L) {
            throw KotlinWrongResultException("latch counted down ${-now} times too often")
        }
    }

    suspend fun await() = opened.await()
}
