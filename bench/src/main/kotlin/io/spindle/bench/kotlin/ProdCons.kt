package io.spindle.bench.kotlin

import java.util.concurrent.atomic.LongAdder
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

private const val PRODUCERS = 4
private const val CONSUMERS = 4
private const val CAPACITY = 1024

/**
 * prodcons: 4 producers and 4 consumers over one channel of capacity 1024. Each producer sends
 * 1..n/4; when all are done main sends one 0 (stop) per consumer; count and sum are checked.
 */
internal fun prodcons(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val perProducer = n / PRODUCERS
    val count = LongAdder()
    val sum = LongAdder()
    runBlocking(dispatcher) {
        val ch = Channel<Long>(CAPACITY)
        val consumers = List(CONSUMERS) {
            launch {
                var c = 0L
                var s = 0L
                while (true) {
                    val v = ch.receive()
                    if (v == 0L) break
                    c++
                    s += v
                }
                count.add(c)
                sum.add(s)
            }
        }
        val producers = List(PRODUCERS) {
            launch {
                for (v in 1..perProducer) ch.send(v)
            }
        }
        producers.forEach { it.join() }
        repeat(CONSUMERS) { ch.send(0L) }
        consumers.forEach { it.join() }
    }
    check("prodcons messages", PRODUCERS * perProducer, count.sum())
    check("prodcons sum", PRODUCERS * (perProducer * (perProducer + 1) / 2), sum.sum())
    return Outcome.ops(PRODUCERS * perProducer)
}
