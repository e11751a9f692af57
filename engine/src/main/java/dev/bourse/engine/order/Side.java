package dev.bourse.engine.order;

/** The side of an order: buy takes base for quote, sell gives base for quote. */
public enum Side
{
    BUY,
    SELL;

    /** The side an order of this side trades against. */
    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }
}
