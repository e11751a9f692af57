package dev.bourse.gateway.limit;

/** A token bucket: {@code rate} tokens a second, holding at most {@code burst}; starts full. Thread-safe. */
public final class TokenBucket
{
    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long last;

    /** A full bucket at time {@code nowNanos}. */
    public TokenBucket(final double ratePerSecond, final double burst, final long nowNanos)
    {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token: 0 when granted, else the nanoseconds until one will be there (nothing is taken). */
    public synchronized long tryTake(final long nowNanos)
    {
        if (nowNanos > last)
        {
            tokens = Math.min(burst, tokens + (nowNanos - last) * tokensPerNano);
            last = nowNanos;
        }
        if (tokens >= 1)
        {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long)Math.ceil((1 - tokens) / tokensPerNano));
    }
}
