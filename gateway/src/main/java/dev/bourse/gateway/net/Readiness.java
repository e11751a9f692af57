package dev.bourse.gateway.net;

/** Where a venue is in its life, as {@code /readyz} reports it. */
public enum Readiness
{
    /** Recovering its data directory: not taking traffic yet. */
    STARTING,
    /** Recovered and taking traffic. */
    READY,
    /** Shutting down: no new connections or commands. */
    STOPPING
}
