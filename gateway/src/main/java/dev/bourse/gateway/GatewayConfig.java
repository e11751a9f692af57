package dev.bourse.gateway;

import dev.bourse.gateway.limit.RateLimits;

/**
 * How the gateway serves.
 *
 * @param host                   the address to bind.
 * @param port                   the port, 0 for any free one.
 * @param maxPendingFrames       frames queued to one connection and not yet written before it counts as lagging:
 *                               its order books are conflated into a fresh snapshot and its other topics replayed.
 * @param slowConsumerTimeoutMs  how long a lagging connection may stay stuck before it is closed with 1008
 *                               {@code slow_consumer}.
 * @param rateLimits             the token buckets per connection and per account.
 * @param socketSendBufferBytes  the kernel's send buffer per connection, 0 for the system's (autotuned, up to
 *                               megabytes): a cap bounds what a stalled client holds in the kernel as well.
 */
public record GatewayConfig(
    String host, int port, int maxPendingFrames, long slowConsumerTimeoutMs, RateLimits rateLimits,
    int socketSendBufferBytes)
{
    /** 127.0.0.1:8080, 4,096 pending frames, 5 s to recover, default rate limits, the system's send buffer. */
    public static final GatewayConfig DEFAULT =
        new GatewayConfig("127.0.0.1", 8080, 4096, 5000, RateLimits.DEFAULT, 0);

    /** Checks the values. */
    public GatewayConfig
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxPendingFrames < 2)
        {
            throw new IllegalArgumentException("maxPendingFrames must be at least 2, got " + maxPendingFrames);
        }
        if (slowConsumerTimeoutMs < 1)
        {
            throw new IllegalArgumentException("slowConsumerTimeoutMs must be positive, got " + slowConsumerTimeoutMs);
        }
        if (socketSendBufferBytes < 0)
        {
            throw new IllegalArgumentException("socketSendBufferBytes must be 0 or positive, got "
                + socketSendBufferBytes);
        }
    }

    /** The same with another port. */
    public GatewayConfig withPort(final int newPort)
    {
        return new GatewayConfig(host, newPort, maxPendingFrames, slowConsumerTimeoutMs, rateLimits, socketSendBufferBytes);
    }

    /** The same with other slow-consumer settings. */
    public GatewayConfig withSlowConsumer(
        final int newMaxPendingFrames, final long newTimeoutMs, final int newSocketSendBufferBytes)
    {
        return new GatewayConfig(host, port, newMaxPendingFrames, newTimeoutMs, rateLimits, newSocketSendBufferBytes);
    }

    /** The same with other rate limits. */
    public GatewayConfig withRateLimits(final RateLimits newLimits)
    {
        return new GatewayConfig(host, port, maxPendingFrames, slowConsumerTimeoutMs, newLimits, socketSendBufferBytes);
    }
}
