package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.GatewayConfig;
import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.journal.sequencer.Sequencer;

/** What every Stabyl connection shares: the projection it reads, the sequencer it writes to, its limits. */
public record StabylContext(
    StabylProjection projection, Sequencer sequencer, GatewayConfig config, AccountLimiter accountLimiter)
{
}
