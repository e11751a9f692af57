package dev.bourse.gateway.net;

/** Where a venue is in its life, as {@code /readyz} reports it. */
public enum Readiness
{
    /** Recovering its data directory: not taking traffic yet. */
    STARTING,
    /** Recovered and taking traffic. */
    READY,
    /** Shutting down: no new connections or commands. */
    STOPPING,
    /**
     * Stopped taking commands after a failure it cannot get over by itself (the log could not be written or synced, or
     * a bug stopped the sequencer or its publisher): reads are served, writes refused; restart it.
     */
    FAILED
}
