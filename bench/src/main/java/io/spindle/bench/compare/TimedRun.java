package io.spindle.bench.compare;

import io.spindle.bench.Result;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one repetition on a daemon watchdog thread so that a hung implementation cannot stop compare. */
final class TimedRun {
    /** Either a result or an error text. */
    record Outcome(Result result, String error) {
    }

    private TimedRun() {
    }

    static Outcome run(Callable<Result> rep, long timeoutMs) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(rep.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "compare-rep");
        t.setDaemon(true);
        t.start();
        try {
            return new Outcome(f.get(timeoutMs, TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            return new Outcome(null, "timed out after " + timeoutMs / 1000 + " s (hung?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new Outcome(null, c.getClass().getSimpleName() + ": " + c.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }
}
