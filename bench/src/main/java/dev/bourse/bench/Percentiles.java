package dev.bourse.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The latency line every benchmark prints, so that all of them report the same percentiles in the same way. */
public final class Percentiles
{
    private Percentiles()
    {
    }

    /**
     * p50, p90, p99, p99.9, p99.99 and max of a histogram of nanoseconds, converted to {@code unit}, e.g.
     * {@code p50=6 p90=12 p99=35 p99.9=54 p99.99=310 max=22,184 us}.
     */
    public static String line(final Histogram nanos, final TimeUnit unit)
    {
        return line(nanos, TimeUnit.NANOSECONDS, unit);
    }

    /** The same line for a histogram whose values are in {@code recorded} units. */
    public static String line(final Histogram histogram, final TimeUnit recorded, final TimeUnit unit)
    {
        final double perUnit = recorded.convert(1, unit);
        return String.format(Locale.ROOT, "p50=%,.0f p90=%,.0f p99=%,.0f p99.9=%,.0f p99.99=%,.0f max=%,.0f %s",
            histogram.getValueAtPercentile(50) / perUnit, histogram.getValueAtPercentile(90) / perUnit,
            histogram.getValueAtPercentile(99) / perUnit, histogram.getValueAtPercentile(99.9) / perUnit,
            histogram.getValueAtPercentile(99.99) / perUnit, histogram.getMaxValue() / perUnit, symbol(unit));
    }

    private static String symbol(final TimeUnit unit)
    {
        return switch (unit)
        {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            default -> unit.name().toLowerCase(Locale.ROOT);
        };
    }
}
