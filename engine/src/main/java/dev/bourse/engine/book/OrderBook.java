package dev.bourse.engine.book;

import dev.bourse.engine.order.Side;

import java.util.List;

/** The two sides of one instrument's book. */
public final class OrderBook
{
    private final BookSide bids;
    private final BookSide asks;

    /**
     * An empty book.
     *
     * @param instrumentId the instrument, for the level events.
     * @param dirtySides   where a side registers itself when a command first changes it.
     */
    public OrderBook(final int instrumentId, final List<BookSide> dirtySides)
    {
        bids = new BookSide(instrumentId, Side.BUY, dirtySides);
        asks = new BookSide(instrumentId, Side.SELL, dirtySides);
    }

    /** The buy side. */
    public BookSide bids()
    {
        return bids;
    }

    /** The sell side. */
    public BookSide asks()
    {
        return asks;
    }

    /** The side orders of the given side rest on. */
    public BookSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    /** Whether the best bid is at or above the best ask: never true between commands. */
    public boolean isCrossed()
    {
        return !bids.isEmpty() && !asks.isEmpty() && bids.bestPrice() >= asks.bestPrice();
    }
}
