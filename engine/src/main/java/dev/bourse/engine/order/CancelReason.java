package dev.bourse.engine.order;

/** Why an order left the book without being filled. */
public enum CancelReason
{
    USER,
    REPLACED,
    SELF_TRADE,
    IOC_REMAINDER,
    MASS_CANCEL,
    DISCONNECT,
    HALT
}
