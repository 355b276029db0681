package io.spindle.bench.kotlin

import io.spindle.bench.Result
import io.spindle.bench.impl.ImplRunner
import io.spindle.bench.workload.Workload
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers

/**
 * The `kotlin` reference implementation: the workloads written with Kotlin coroutines on
 * [Dispatchers.Default], kotlinx channels and `select`, in the same process as the harness.
 * Each workload function (one file each) runs one repetition in `runBlocking(dispatcher)` and
 * checks its own result, throwing [io.spindle.bench.workload.WrongResultException]; this class
 * times it exactly as the harness times the Java implementations (around the whole repetition).
 *
 * [Dispatchers.Default] has max(2, cores) threads; with fewer `carriers` than that the workloads
 * run on `Dispatchers.Default.limitedParallelism(carriers)`.
 */
class KotlinImpl(carriers: Int) : ImplRunner {
    private val dispatcher: CoroutineDispatcher =
        if (carriers < DEFAULT_THREADS) Dispatchers.Default.limitedParallelism(carriers) else Dispatchers.Default

    override fun name(): String = "kotlin"

    override fun runOnce(w: Workload, n: Long): Result {
        val t0 = System.nanoTime()
        val outcome = run(w.name(), n)
        val t1 = System.nanoTime()
        return Result(w.name(), name(), outcome.ops(), (t1 - t0) / 1e6, outcome.bytesPerTask())
    }

    /** Runs workload [name] once with size [n] (untimed); throws on a wrong result. */
    fun run(name: String, n: Long): Workload.Outcome = when (name) {
        "spawn" -> spawn(dispatcher, n)
        "skynet" -> skynet(dispatcher, n)
        "pingpong" -> pingpong(dispatcher, n)
        "ring" -> ring(dispatcher, n)
        "sieve" -> sieve(dispatcher, n)
        "prodcons" -> prodcons(dispatcher, n)
        "fanin" -> fanin(dispatcher, n)
        "parked" -> parked(dispatcher, n)
        else -> throw IllegalArgumentException("the kotlin implementation has no workload '$name'")
    }

    override fun close() {
        // Dispatchers.Default is shared and its idle threads park: nothing to release.
    }

    companion object {
        /** Threads of [Dispatchers.Default]: max(2, available processors), its documented size. */
        @JvmField
        val DEFAULT_THREADS: Int = maxOf(2, Runtime.getRuntime().availableProcessors())

        /** A one-line description for compare's legend. */
        @JvmStatic
        fun describe(carriers: Int): String {
            val pool = if (carriers < DEFAULT_THREADS) "Dispatchers.Default.limitedParallelism($carriers)"
            else "Dispatchers.Default ($DEFAULT_THREADS threads)"
            return "Kotlin ${KotlinVersion.CURRENT} coroutines on $pool, kotlinx-coroutines ${coroutinesVersion()} " +
                "rendezvous/buffered Channel and select, a CompletableDeferred latch"
        }

        private fun coroutinesVersion(): String =
            KotlinImpl::class.java.getResourceAsStream("/META-INF/kotlinx_coroutines_core.version")
                ?.use { it.readBytes().decodeToString().trim() } ?: "(version unknown)"
    }
}
