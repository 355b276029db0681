package io.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers

/**
 * The `kotlin` reference implementation's workloads: written with Kotlin coroutines on
 * [Dispatchers.Default], kotlinx channels and `select`, one file each. Each runs one repetition in
 * `runBlocking(dispatcher)` and checks its own result, throwing [KotlinWrongResultException].
 * This code uses only Kotlin and kotlinx (so that the Kotlin compiler need not read the bench's
 * Java sources); the Java class `KotlinImpl` times it for the harness.
 *
 * [Dispatchers.Default] has max(2, cores) threads; with fewer [carriers] than that the workloads
 * run on `Dispatchers.Default.limitedParallelism(carriers)`.
 */
class KotlinWorkloads(carriers: Int) {
    private val dispatcher: CoroutineDispatcher =
        if (carriers < DEFAULT_THREADS) Dispatchers.Default.limitedParallelism(carriers) else Dispatchers.Default

    /** Runs workload [name] once with size [n]; throws [KotlinWrongResultException] on a wrong result. */
    fun run(name: String, n: Long): Outcome = when (name) {
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
            KotlinWorkloads::class.java.getResourceAsStream("/META-INF/kotlinx_coroutines_core.version")
                ?.use { it.readBytes().decodeToString().trim() } ?: "(version unknown)"
    }
}
