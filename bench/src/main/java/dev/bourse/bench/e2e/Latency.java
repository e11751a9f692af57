package dev.bourse.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** Latency histograms in microseconds, and the one line every scenario prints for them. */
final class Latency
{
    private static final long MAX_MICROS = 600_000_000L;

    private Latency()
    {
    }

    static Histogram histogram()
    {
        return new Histogram(MAX_MICROS, 3);
    }

    static long micros(final long nanos)
    {
        return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
    }

    static String line(final Histogram h)
    {
        return String.format(Locale.ROOT, "p50=%d p90=%d p99=%d p99.9=%d max=%d us (n=%d)",
            h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
    }
}
