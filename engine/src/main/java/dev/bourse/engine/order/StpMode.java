package dev.bourse.engine.order;

/** Self-trade prevention: what happens when an order would match a resting order of the same account. */
public enum StpMode
{
    /** The incoming order's remainder expires; the resting order stays. */
    EXPIRE_TAKER,
    /** The resting order expires and matching continues. */
    EXPIRE_MAKER,
    /** Both expire. */
    EXPIRE_BOTH
}
