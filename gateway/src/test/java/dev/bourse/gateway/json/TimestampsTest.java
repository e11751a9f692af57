package dev.bourse.gateway.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest
{
    private static final int RANDOM_RUNS = 200_000;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    // A new seed each run widens coverage over time; a failure prints it, and -Dbourse.test.seed=... replays it.
    private static final long SEED = Long.getLong("bourse.test.seed", new Random().nextLong());
    private static final DateTimeFormatter REFERENCE =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void shouldFormatKnownInstants()
    {
        assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(Timestamps.format(999_999)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(1_768_386_600_123_456_789L)).isEqualTo("2026-01-14T10:30:00.123Z");
        assertThat(Timestamps.format(Long.MAX_VALUE)).isEqualTo("2262-04-11T23:47:16.854Z");
        assertThat(Timestamps.format(Long.MIN_VALUE)).isEqualTo("1677-09-21T00:12:43.145Z");
    }

    @Test
    void shouldMatchDateTimeFormatterAroundEveryDayBoundaryOfInterestingYears()
    {
        // Nanoseconds in a long reach only the years 1677 to 2262: its ends stand for the year edges (0000, 9999).
        for (final long nanos : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1})
        {
            check(nanos);
        }
        for (final int year : new int[] {1677, 1678, 1900, 1969, 1970, 1999, 2000, 2024, 2100, 2261, 2262})
        {
            final long firstDay = Math.max(Long.MIN_VALUE / NANOS_PER_DAY, LocalDate.of(year, 1, 1).toEpochDay());
            final long lastDay = Math.min(Long.MAX_VALUE / NANOS_PER_DAY, firstDay + 366);
            for (long day = firstDay; day <= lastDay; day++)
            {
                final long midnight = day * NANOS_PER_DAY;
                for (final long offset : new long[] {-1_000_001, -1_000_000, -999_999, -1, 0, 1, 999_999, 1_000_000})
                {
                    check(midnight + offset);
                }
            }
        }
    }

    @Test
    void shouldMatchDateTimeFormatterForRandomNanos()
    {
        final Random random = new Random(SEED);
        long nanos = 1_768_386_600_000_000_000L;
        for (int i = 0; i < RANDOM_RUNS; i++)
        {
            // Mostly a clock creeping forward (the same day or the next), sometimes a jump anywhere in the range.
            nanos = 0 == random.nextInt(16) ? random.nextLong() : nanos + random.nextLong(4 * 3_600_000_000_000L);
            check(nanos);
        }
    }

    @Test
    void shouldGiveEveryThreadItsOwnDayWhenThreadsShareTheCache() throws Exception
    {
        final ExecutorService threads = Executors.newFixedThreadPool(4);
        try
        {
            final List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final long start = 1_768_386_600_000_000_000L + t * NANOS_PER_DAY;
                tasks.add(() ->
                {
                    for (int i = 0; i < 50_000; i++)
                    {
                        check(start + i * 1_000_003L);
                    }
                    return null;
                });
            }
            for (final Future<Void> done : threads.invokeAll(tasks))
            {
                done.get();
            }
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    private static void check(final long epochNanos)
    {
        assertThat(Timestamps.format(epochNanos))
            .as("seed=%d epochNanos=%d", SEED, epochNanos)
            .isEqualTo(REFERENCE.format(Instant.ofEpochSecond(0, epochNanos)));
    }
}
