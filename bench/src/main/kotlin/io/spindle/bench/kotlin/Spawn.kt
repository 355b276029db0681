package io.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** spawn: launch n coroutines that each count down one shared [Latch]; wait for all. */
internal fun spawn(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    runBlocking(dispatcher) {
        val done = Latch(n)
        for (i in 0 until n) {
            launch { done.countDown() }
        }
        done.await() // opens only after exactly n count-downs: nothing lost
    }
    return Outcome.ops(n)
}
