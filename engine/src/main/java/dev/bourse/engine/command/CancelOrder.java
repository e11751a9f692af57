package dev.bourse.engine.command;

import dev.bourse.engine.order.CancelReason;

/**
 * Cancels one open order of the account, named by order id or, when the id is 0, by client order id.
 *
 * @param accountId      the account that owns the order; another account's order is reported as not found.
 * @param orderId        the order id, or 0.
 * @param clientOrderId  the client order id when orderId is 0, else null.
 * @param reason         {@code USER}, or {@code DISCONNECT} when a gateway cancels for a closed connection.
 * @param idempotencyKey the client's retry key, or null.
 */
public record CancelOrder(
    long accountId, long orderId, String clientOrderId, CancelReason reason, String idempotencyKey)
    implements AccountCommand
{
    private static final int TYPE = 10;

    /** Checks that the reason is one a cancel request can carry. */
    public CancelOrder
    {
        if (reason != CancelReason.USER && reason != CancelReason.DISCONNECT)
        {
            throw new IllegalArgumentException("a cancel is for USER or DISCONNECT, got reason=" + reason);
        }
    }

    /** A user cancel by order id, without key. */
    public static CancelOrder byId(final long accountId, final long orderId)
    {
        return new CancelOrder(accountId, orderId, null, CancelReason.USER, null);
    }

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(orderId).add(clientOrderId).add(reason).value();
    }
}
