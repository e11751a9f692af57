package dev.bourse.server.config;

import dev.bourse.gateway.GatewayConfig;

/**
 * The {@code slow_consumer:} section: how far a connection may fall behind before it is resynced, then closed.
 *
 * @param maxPendingFrames      frames queued to one connection and not yet written before it counts as lagging.
 * @param timeoutMs             how long a lagging connection may stay stuck before it is closed.
 * @param socketSendBufferBytes the kernel's send buffer per connection, 0 for the system's.
 */
public record SlowConsumerSettings(int maxPendingFrames, long timeoutMs, int socketSendBufferBytes)
{
    /** 4,096 pending frames, 5 s to recover, the system's send buffer: the gateway's defaults. */
    public static final SlowConsumerSettings DEFAULT = new SlowConsumerSettings(
        GatewayConfig.DEFAULT.maxPendingFrames(), GatewayConfig.DEFAULT.slowConsumerTimeoutMs(),
        GatewayConfig.DEFAULT.socketSendBufferBytes());
}
