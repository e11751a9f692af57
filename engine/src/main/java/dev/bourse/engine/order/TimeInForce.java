package dev.bourse.engine.order;

/** How long an order's unfilled remainder may live, and whether it may take liquidity. */
public enum TimeInForce
{
    /** Good till cancelled: matches, then rests. */
    GTC,
    /** Immediate or cancel: matches what it can, the remainder expires. */
    IOC,
    /** Fill or kill: fills completely at once or is rejected without touching the book. */
    FOK,
    /** Rests only: rejected if any part of it would take liquidity. */
    POST_ONLY
}
