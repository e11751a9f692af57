package dev.bourse.gateway.market;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.instrument.InstrumentStatus;

/**
 * An instrument as the gateway knows it from the engine's events: its canonical id ({@code BASE/QUOTE}), the topic
 * key ({@code BASE_QUOTE}), its specification and status.
 */
public record Market(int id, String pairId, String topicKey, CreateInstrument spec, InstrumentStatus status)
{
    /** The market for a newly created instrument. */
    public static Market of(final int id, final String pairId, final CreateInstrument spec)
    {
        return new Market(id, pairId, pairId.replace('/', '_'), spec, spec.status());
    }

    /** The same market with another status. */
    public Market withStatus(final InstrumentStatus newStatus)
    {
        return new Market(id, pairId, topicKey, spec, newStatus);
    }

    /** Decimals of prices. */
    public int priceScale()
    {
        return spec.priceScale();
    }

    /** Decimals of quantities. */
    public int quantityScale()
    {
        return spec.quantityScale();
    }
}
