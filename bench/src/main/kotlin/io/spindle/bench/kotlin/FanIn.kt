package io.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select

private const val PRODUCERS = 4

/**
 * fanin: 4 producers on 4 rendezvous channels, each sending 1..n/4; one consumer selects over
 * all four (kotlinx `select` with `onReceive`) and checks the sum.
 */
internal fun fanin(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val perProducer = n / PRODUCERS
    val total = PRODUCERS * perProducer
    val sum = runBlocking(dispatcher) {
        val chans = List(PRODUCERS) { Channel<Long>(Channel.RENDEZVOUS) }
        val producers = chans.map { ch ->
            launch {
                for (v in 1..perProducer) ch.send(v)
            }
        }
        var s = 0L
        for (i in 0 until total) {
            s += select<Long> {
                for (ch in chans) ch.onReceive { it }
            }
        }
        producers.forEach { it.join() }
        s
    }
    check("fanin sum", PRODUCERS * (perProducer * (perProducer + 1) / 2), sum)
    return Outcome.ops(total)
}
