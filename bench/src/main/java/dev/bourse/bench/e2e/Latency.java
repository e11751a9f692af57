package dev.bourse.bench.e2e;

import dev.bourse.bench.Percentiles;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** Latency histograms in microseconds, printed with the line every benchmark prints. */
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
        return clamp(nanos / 1_000);
    }

    /** Microseconds within what the histograms hold. */
    static long clamp(final long micros)
    {
        return Math.min(MAX_MICROS, Math.max(0, micros));
    }

    static String line(final Histogram micros)
    {
        return Percentiles.line(micros, TimeUnit.MICROSECONDS, TimeUnit.MICROSECONDS);
    }
}
