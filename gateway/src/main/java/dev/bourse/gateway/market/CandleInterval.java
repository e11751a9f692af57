package dev.bourse.gateway.market;

import java.util.concurrent.TimeUnit;

/** The candle intervals every market keeps, with their wire names. */
public enum CandleInterval
{
    M1("1m", TimeUnit.MINUTES.toNanos(1)),
    M5("5m", TimeUnit.MINUTES.toNanos(5)),
    M15("15m", TimeUnit.MINUTES.toNanos(15)),
    H1("1h", TimeUnit.HOURS.toNanos(1)),
    H4("4h", TimeUnit.HOURS.toNanos(4)),
    D1("1d", TimeUnit.DAYS.toNanos(1));

    private static final CandleInterval[] VALUES = values();

    private final String wireName;
    private final long nanos;

    CandleInterval(final String wireName, final long nanos)
    {
        this.wireName = wireName;
        this.nanos = nanos;
    }

    /** The name in topics and REST, e.g. {@code 15m}. */
    public String wireName()
    {
        return wireName;
    }

    /** The length in nanoseconds. */
    public long nanos()
    {
        return nanos;
    }

    /** The start of the interval holding {@code timestampNanos} (UTC-aligned, as epoch time is). */
    public long openTime(final long timestampNanos)
    {
        return Math.floorDiv(timestampNanos, nanos) * nanos;
    }

    /** The interval of a wire name, or null. */
    public static CandleInterval of(final String wireName)
    {
        for (final CandleInterval i : VALUES)
        {
            if (i.wireName.equals(wireName))
            {
                return i;
            }
        }
        return null;
    }
}
