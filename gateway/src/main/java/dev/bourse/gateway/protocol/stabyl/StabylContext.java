package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.GatewayConfig;
import dev.bourse.gateway.GatewayMetrics;
import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.gateway.session.Sessions;
import dev.bourse.journal.sequencer.Sequencer;

/**
 * What every Stabyl connection shares: the projection it reads, the sequencer it writes to, its limits, the registry
 * of open sessions and the counters.
 */
public record StabylContext(
    StabylProjection projection, Sequencer sequencer, GatewayConfig config, AccountLimiter accountLimiter,
    Sessions sessions, GatewayMetrics metrics)
{
    /** The protocol's label in logs and metrics. */
    public static final String PROTOCOL = "stabyl";
}
