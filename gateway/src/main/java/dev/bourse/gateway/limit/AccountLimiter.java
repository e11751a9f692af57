package dev.bourse.gateway.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The per-account command and cancel budgets, shared by every connection and protocol of the account. */
public final class AccountLimiter
{
    private record Buckets(TokenBucket commands, TokenBucket cancels)
    {
    }

    private final RateLimits limits;
    private final Map<Long, Buckets> accounts = new ConcurrentHashMap<>();

    /** Budgets per the limits. */
    public AccountLimiter(final RateLimits limits)
    {
        this.limits = limits;
    }

    /** The limits applied. */
    public RateLimits limits()
    {
        return limits;
    }

    /** Takes one command (or cancel) token: 0 when granted, else the nanoseconds to wait. */
    public long tryTake(final long accountId, final boolean cancel, final long nowNanos)
    {
        final Buckets b = accounts.computeIfAbsent(accountId, a -> new Buckets(
            new TokenBucket(limits.commandsPerSecond(), limits.commandBurst(), nowNanos),
            new TokenBucket(limits.cancelsPerSecond(), limits.cancelBurst(), nowNanos)));
        return (cancel ? b.cancels() : b.commands()).tryTake(nowNanos);
    }

    /** Nanoseconds to whole milliseconds, rounded up: what {@code retry_after_ms} carries. */
    public static long toMillis(final long nanos)
    {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
