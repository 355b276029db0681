package io.spindle.bench.kotlin

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * parked: n coroutines each suspended on a receive from one rendezvous channel; heap bytes per
 * suspended coroutine after GC, measured like the Java implementations ([usedHeapAfterGc]). The
 * coroutines are children of one scope's Job, as structured concurrency has them. Then n values
 * are sent, each coroutine must receive one, and the latch must open.
 */
internal fun parked(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val count = Math.toIntExact(n)
    val ch = Channel<Int>(Channel.RENDEZVOUS)
    val done = Latch(n)
    val started = AtomicInteger()
    val received = AtomicInteger()
    val job = Job()
    val scope = CoroutineScope(dispatcher + job)
    val before = usedHeapAfterGc()
    repeat(count) {
        scope.launch {
            started.incrementAndGet()
            ch.receive()
            received.incrementAndGet()
            done.countDown()
        }
    }
    while (started.get() < count) {
        Thread.sleep(1)
    }
    Thread.sleep(20) // let the last ones reach their suspension
    val after = usedHeapAfterGc()
    runBlocking(dispatcher) {
        repeat(count) { ch.send(it) }
        done.await()
    }
    job.cancel()
    check("parked: coroutines that received", n, received.get().toLong())
    return Outcome(n, maxOf(0L, (after - before) / n))
}
