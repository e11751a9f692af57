package dev.bourse.engine.order;

/** How an order prices itself: at a limit, or at whatever the book offers within the price band. */
public enum OrderType
{
    LIMIT,
    MARKET
}
