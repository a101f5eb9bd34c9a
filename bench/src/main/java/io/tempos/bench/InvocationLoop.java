package io.tempos.bench;

import io.tempos.api.Function;
import io.tempos.core.stats.Percentiles;
import io.tempos.invoker.FunctionRunner;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Invokes one function back to back on the calling thread for a number of seconds, timing every
 * invocation into a histogram: the measuring loop of every run, raw Java call and concurrent thread.
 */
final class InvocationLoop {

    /** Longest invocation the histograms hold: a spawn of a slow interpreter stays far below. */
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    private InvocationLoop() {
    }

    /**
     * What a loop measured.
     *
     * @param failures invocations that failed (counted in {@code invocations})
     */
    record Timed(long invocations, long failures, double seconds, Histogram histogram) {
        double perS() {
            return seconds > 0 ? invocations / seconds : 0;
        }

        ProcessingResults.Exec exec() {
            return exec(histogram);
        }

        static ProcessingResults.Exec exec(Histogram histogram) {
            Percentiles p = Percentiles.ofNanos(histogram);
            return new ProcessingResults.Exec(p.p50(), p.p99(), Math.round(p.mean() * 1000) / 1000.0);
        }
    }

    static Histogram histogram() {
        return new Histogram(HIGHEST_NS, 3);
    }

    /**
     * Runs {@code runner} on {@code event} until {@code endNs} (System.nanoTime()).
     *
     * @param progress where to print a line per second, or null
     */
    static Timed time(FunctionRunner runner, MemorySegment event, long endNs, String label, PrintStream progress) {
        Histogram histogram = histogram();
        long startNs = System.nanoTime();
        long nextProgressNs = startNs + TimeUnit.SECONDS.toNanos(1);
        long totalS = TimeUnit.NANOSECONDS.toSeconds(endNs - startNs + 500_000_000L);
        long invocations = 0;
        long t = startNs;
        while (t - endNs < 0) {
            long before = t;
            runner.invoke(event);
            t = System.nanoTime();
            histogram.recordValue(Math.min(t - before, HIGHEST_NS));
            invocations++;
            if (progress != null && t - nextProgressNs >= 0) {
                nextProgressNs += TimeUnit.SECONDS.toNanos(1);
                progress.printf(Locale.ROOT, "  [%s] %d/%d s: %,d invocations, mean %s%n", label,
                        TimeUnit.NANOSECONDS.toSeconds(t - startNs), totalS, invocations, Formats.micros(histogram.getMean() / 1000));
            }
        }
        return new Timed(invocations, runner.failures(), (t - startNs) / 1e9, histogram);
    }

    /** Calls {@code function} directly, for {@code seconds} once the JIT has compiled it ({@link JitWarmUp}). */
    static Timed timeJava(Function function, byte[] payload, int seconds) {
        long[] sink = {0};
        JitWarmUp.run(deadlineNs -> {
            while (System.nanoTime() - deadlineNs < 0) {
                sink[0] += call(function, payload);
            }
        }, warmupNs(seconds));
        Histogram histogram = histogram();
        long startNs = System.nanoTime();
        long endNs = startNs + TimeUnit.SECONDS.toNanos(seconds);
        long invocations = 0;
        long failures = 0;
        long t = startNs;
        while (t - endNs < 0) {
            long before = t;
            int written = call(function, payload);
            failures += written < 0 ? 1 : 0;
            sink[0] += written;
            t = System.nanoTime();
            histogram.recordValue(Math.min(t - before, HIGHEST_NS));
            invocations++;
        }
        if (sink[0] == Long.MIN_VALUE) {
            System.out.print(""); // keeps the results alive so that the JIT cannot drop the calls
        }
        return new Timed(invocations, failures, (t - startNs) / 1e9, histogram);
    }

    /** The shortest warm-up before a measured loop: a tenth of it, at most a second. */
    static long warmupNs(int seconds) {
        return Math.min(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(seconds) / 10);
    }

    private static int call(Function function, byte[] payload) {
        try {
            return function.apply(payload).length;
        } catch (Exception e) {
            return -1;
        }
    }
}
