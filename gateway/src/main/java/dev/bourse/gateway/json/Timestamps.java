package dev.bourse.gateway.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Engine time (nanoseconds since the epoch) as RFC 3339 UTC with milliseconds, e.g. 2026-01-14T10:30:00.000Z. */
public final class Timestamps
{
    private static final DateTimeFormatter RFC3339_MILLIS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps()
    {
    }

    /** The timestamp as a string. */
    public static String format(final long epochNanos)
    {
        return RFC3339_MILLIS.format(Instant.ofEpochSecond(0, epochNanos));
    }
}
