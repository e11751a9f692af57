package dev.bourse.gateway;

/**
 * What the gateway counts, for whoever exports metrics. Called on event loops and the publisher thread, so an
 * implementation must only count: no locks held for long, no I/O. Labels are fixed words, never client input.
 */
public interface GatewayMetrics
{
    /** Counts nothing. */
    GatewayMetrics NONE = new GatewayMetrics()
    {
    };

    /** A connection of this protocol opened. */
    default void connectionOpened(final String protocol)
    {
    }

    /** A connection of this protocol closed. */
    default void connectionClosed(final String protocol)
    {
    }

    /** A message (or REST request) of this type arrived. */
    default void messageIn(final String protocol, final String type)
    {
    }

    /** A message (or REST response) of this type was queued for a client. */
    default void messageOut(final String protocol, final String type)
    {
    }

    /** A lagging connection was re-synced once it drained. */
    default void slowConsumerResync(final String protocol)
    {
    }

    /** A lagging connection was closed. */
    default void slowConsumerDisconnect(final String protocol)
    {
    }

    /** A message or request was refused by a rate limit; scope is {@code connection} or {@code account}. */
    default void rateLimited(final String protocol, final String scope)
    {
    }
}
