package dev.bourse.gateway.json;

import java.time.LocalDate;

/** Engine time (nanoseconds since the epoch) as RFC 3339 UTC with milliseconds, e.g. 2026-01-14T10:30:00.000Z. */
public final class Timestamps
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String[] TWO_DIGITS = new String[100];

    static
    {
        for (int i = 0; i < TWO_DIGITS.length; i++)
        {
            TWO_DIGITS[i] = (i < 10 ? "0" : "") + i;
        }
    }

    // Racy on purpose: a Day is immutable, so another thread sees either a whole Day or an older one.
    private static Day lastDay = new Day(0);

    private Timestamps()
    {
    }

    /** The timestamp as a string. */
    public static String format(final long epochNanos)
    {
        final long epochMilli = Math.floorDiv(epochNanos, NANOS_PER_MILLI);
        final long epochDay = Math.floorDiv(epochMilli, MILLIS_PER_DAY);
        final int millisOfDay = (int)Math.floorMod(epochMilli, MILLIS_PER_DAY);
        Day day = lastDay;
        if (day.epochDay != epochDay)
        {
            day = new Day(epochDay);
            lastDay = day;
        }
        final int seconds = millisOfDay / 1000;
        final int millis = millisOfDay % 1000;
        // One concatenation sizes and fills the string in one go, with no intermediate strings; the last digit of
        // the milliseconds never needs a leading zero.
        return day.text + TWO_DIGITS[seconds / 3600] + ':' + TWO_DIGITS[seconds / 60 % 60] + ':'
            + TWO_DIGITS[seconds % 60] + '.' + TWO_DIGITS[millis / 10] + millis % 10 + 'Z';
    }

    /** The date part of one day, e.g. "2026-01-14T", made once for all the timestamps of that day. */
    private static final class Day
    {
        private final long epochDay;
        private final String text;

        private Day(final long epochDay)
        {
            final LocalDate date = LocalDate.ofEpochDay(epochDay);
            this.epochDay = epochDay;
            // A long of nanoseconds spans 1677-09-21 to 2262-04-11, so the year always has four digits and no sign,
            // as the "uuuu" of a DateTimeFormatter prints it.
            this.text = date.getYear() + "-" + TWO_DIGITS[date.getMonthValue()] + '-' + TWO_DIGITS[date.getDayOfMonth()]
                + 'T';
        }
    }
}
