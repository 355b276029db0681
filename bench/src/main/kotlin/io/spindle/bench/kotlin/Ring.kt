package io.spindle.bench.kotlin

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

private const val RING_SIZE = 503

/**
 * ring: 503 coroutines in a ring of rendezvous channels pass a token n hops (Benchmarks Game
 * thread-ring). The one that receives 0 must be number n mod 503; it then sends -1 round the
 * ring, which stops every coroutine.
 */
internal fun ring(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val hops = Math.toIntExact(n)
    val finisher = runBlocking(dispatcher) {
        val links = List(RING_SIZE) { Channel<Int>(Channel.RENDEZVOUS) }
        val winner = AtomicInteger(-1)
        val members = List(RING_SIZE) { id ->
            launch { ringMember(id, links[id], links[(id + 1) % RING_SIZE], winner) }
        }
        links[0].send(hops)
        members.forEach { it.join() }
        winner.get()
    }
    check("ring finisher", n % RING_SIZE, finisher.toLong())
    return Outcome.ops(n)
}

private suspend fun ringMember(id: Int, input: ReceiveChannel<Int>, out: SendChannel<Int>, winner: AtomicInteger) {
    while (true) {
        val token = input.receive()
        if (token < 0) {
            if (winner.get() != id) {
                out.send(token) // pass the stop token on; the finisher swallows it
            }
            return
        }
        if (token == 0) {
            winner.set(id)
            out.send(-1)
            continue // wait for the stop token to come round
        }
        out.send(token - 1)
    }
}
