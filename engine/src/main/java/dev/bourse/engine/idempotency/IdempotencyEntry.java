package dev.bourse.engine.idempotency;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.OrderStatus;

/** One remembered key: the intent's fingerprint and the result its first use got. Pooled; read it, do not keep it. */
public final class IdempotencyEntry
{
    long accountId;
    String key;
    long fingerprint;
    long expiresAtNanos;
    private Outcome outcome;
    private RejectReason reason;
    private long orderId;
    private long newOrderId;
    private OrderStatus orderStatus;

    /** Stores the first result. */
    public void result(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus)
    {
        this.outcome = outcome;
        this.reason = reason;
        this.orderId = orderId;
        this.newOrderId = newOrderId;
        this.orderStatus = orderStatus;
    }

    /** The account. */
    public long accountId()
    {
        return accountId;
    }

    /** The client's key. */
    public String key()
    {
        return key;
    }

    /** Digest of the first command's intent. */
    public long fingerprint()
    {
        return fingerprint;
    }

    /** When the key is forgotten, in engine time. */
    public long expiresAtNanos()
    {
        return expiresAtNanos;
    }

    /** The first result's outcome. */
    public Outcome outcome()
    {
        return outcome;
    }

    /** The first result's reject reason, or null. */
    public RejectReason reason()
    {
        return reason;
    }

    /** The first result's order id, or 0. */
    public long orderId()
    {
        return orderId;
    }

    /** The first result's successor order id, or 0. */
    public long newOrderId()
    {
        return newOrderId;
    }

    /** The first result's order status, or null. */
    public OrderStatus orderStatus()
    {
        return orderStatus;
    }
}
