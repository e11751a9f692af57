package dev.bourse.engine.instrument;

/** What an instrument accepts right now. */
public enum InstrumentStatus
{
    /** Everything. */
    TRADING,
    /** Nothing: the book was emptied when the halt began (reason {@code halt}). */
    HALTED,
    /** Cancels and quantity reductions only. */
    CANCEL_ONLY,
    /** Only limit orders that add liquidity (GTC or POST_ONLY that would not take). */
    POST_ONLY
}
