package io.tempos.core.stats;

import org.HdrHistogram.Histogram;

/** Latency summary in microseconds, as shown in tables and served as JSON. */
public record Percentiles(long count, double p50, double p99, double p999, double max, double mean) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

    /** Summarises a histogram of nanoseconds. */
    public static Percentiles ofNanos(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles(h.getTotalCount(),
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
                micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()), h.getMean() / 1_000.0);
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
