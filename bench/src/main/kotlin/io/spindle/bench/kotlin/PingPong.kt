package io.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** pingpong: two coroutines bounce an integer over two rendezvous channels, n round trips. */
internal fun pingpong(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val sum = runBlocking(dispatcher) {
        val ping = Channel<Int>(Channel.RENDEZVOUS)
        val pong = Channel<Int>(Channel.RENDEZVOUS)
        val ponger = launch {
            for (i in 0 until n) {
                pong.send(ping.receive() + 1)
            }
        }
        var s = 0L
        for (i in 0 until n) {
            ping.send((i and 0xFFFF).toInt())
            s += pong.receive()
        }
        ponger.join()
        s
    }
    val full = n / 65536
    val rest = n % 65536
    check("pingpong sum", full * (65536L * 65537 / 2) + rest * (rest + 1) / 2, sum)
    return Outcome.ops(n)
}
