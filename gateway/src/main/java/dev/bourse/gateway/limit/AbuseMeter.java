package dev.bourse.gateway.limit;

/**
 * Tells sustained abuse from a burst: counts a connection's refusals per second, and reports abuse once it has
 * been refused at least {@code refusalsPerSecond} times in each of {@code seconds} consecutive seconds. Used by
 * one connection at a time.
 */
public final class AbuseMeter
{
    private final double refusalsPerSecond;
    private final int seconds;
    private long second = Long.MIN_VALUE;
    private int count;
    private int streak;

    /** A meter for a connection allowed {@code refusalsPerSecond} refusals a second for {@code seconds} seconds. */
    public AbuseMeter(final double refusalsPerSecond, final int seconds)
    {
        this.refusalsPerSecond = refusalsPerSecond;
        this.seconds = seconds;
    }

    /** Counts one refusal; true when the connection should now be closed. */
    public boolean refused(final long nowNanos)
    {
        final long s = nowNanos / 1_000_000_000L;
        if (s != second)
        {
            streak = s == second + 1 && count >= refusalsPerSecond ? streak + 1 : 0;
            second = s;
            count = 0;
        }
        count++;
        return count >= refusalsPerSecond && streak + 1 >= seconds;
    }
}
