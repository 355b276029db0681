package io.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * skynet: a 10-ary tree of coroutines with n leaves (a power of 10); each leaf sends its ordinal
 * to its parent over a rendezvous channel, parents sum and send up; the sum must be n(n-1)/2.
 */
internal fun skynet(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    require(n >= 1 && isPowerOfTen(n)) { "skynet needs a power of 10 leaves, got $n" }
    val sum = runBlocking(dispatcher) {
        val root = Channel<Long>(Channel.RENDEZVOUS)
        launchNode(root, 0, n)
        root.receive()
    }
    check("skynet sum", n * (n - 1) / 2, sum)
    return Outcome.ops(n)
}

private fun CoroutineScope.launchNode(parent: SendChannel<Long>, num: Long, size: Long) {
    launch {
        if (size == 1L) {
            parent.send(num)
            return@launch
        }
        val children = Channel<Long>(Channel.RENDEZVOUS)
        val sub = size / 10
        for (i in 0 until 10) {
            launchNode(children, num + i * sub, sub)
        }
        var sum = 0L
        repeat(10) { sum += children.receive() }
        parent.send(sum)
    }
}

private fun isPowerOfTen(n: Long): Boolean {
    var x = n
    while (x % 10 == 0L) x /= 10
    return x == 1L
}
