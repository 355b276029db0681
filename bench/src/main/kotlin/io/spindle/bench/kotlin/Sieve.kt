package io.spindle.bench.kotlin

import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlin.math.ln

/**
 * sieve: the concurrent prime sieve: a generator sends 2, 3, 4, ... and one filter coroutine per
 * prime found passes on what its prime does not divide; the first n primes are read and checked
 * against a plain sieve. Teardown (timed): a stop flag makes the generator send -1, which every
 * filter forwards before ending, and main drains the chain until it arrives.
 */
internal fun sieve(dispatcher: CoroutineDispatcher, n: Long): Outcome {
    val count = Math.toIntExact(n)
    val got = runBlocking(dispatcher) {
        val stop = AtomicBoolean()
        var ch = Channel<Int>(Channel.RENDEZVOUS)
        val first = ch
        launch { generate(first, stop) }
        var sum = 0L
        var last = 0
        for (k in 0 until count) {
            val p = ch.receive()
            sum += p
            last = p
            if (k == count - 1) break
            val next = Channel<Int>(Channel.RENDEZVOUS)
            val input = ch
            launch { filter(p, input, next) }
            ch = next
        }
        stop.set(true)
        while (ch.receive() >= 0) {
            // drain until the stop token has passed every filter
        }
        longArrayOf(last.toLong(), sum)
    }
    val primes = firstPrimes(count)
    check("sieve: prime #$count", primes[count - 1].toLong(), got[0])
    check("sieve: sum of the primes", primes.sumOf { it.toLong() }, got[1])
    return Outcome.ops(n)
}

private suspend fun generate(out: SendChannel<Int>, stop: AtomicBoolean) {
    var i = 2
    while (true) {
        if (stop.get()) {
            out.send(-1)
            return
        }
        out.send(i++)
    }
}

private suspend fun filter(prime: Int, input: ReceiveChannel<Int>, out: SendChannel<Int>) {
    while (true) {
        val v = input.receive()
        if (v < 0) {
            out.send(v)
            return
        }
        if (v % prime != 0) out.send(v)
    }
}

/** The first [count] primes by a plain sieve of Eratosthenes. */
private fun firstPrimes(count: Int): IntArray {
    val c = (count + 2).toDouble()
    val limit = maxOf(16, (count * (ln(c) + ln(ln(c))) + 10).toInt())
    val composite = BooleanArray(limit + 1)
    val primes = IntArray(count)
    var found = 0
    var i = 2
    while (i <= limit && found < count) {
        if (!composite[i]) {
            primes[found++] = i
            var j = i.toLong() * i
            while (j <= limit) {
                composite[j.toInt()] = true
                j += i
            }
        }
        i++
    }
    check(found == count) { "sieve limit too small for $count primes" }
    return primes
}
