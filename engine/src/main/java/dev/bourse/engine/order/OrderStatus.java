package dev.bourse.engine.order;

/** An order's status after a command was processed; the last four are terminal. */
public enum OrderStatus
{
    /** Resting, nothing filled. */
    ACCEPTED,
    /** Resting with part filled. */
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    REJECTED,
    /** The engine ended it: IOC, FOK or market remainder, or self-trade prevention. */
    EXPIRED
}
