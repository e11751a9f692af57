package dev.bourse.engine.command;

/**
 * Cancels an open order and places its successor with a new id (the command's sequence number) at the back of the
 * queue. Atomic: if the successor would be rejected, the original stays as it was.
 *
 * @param accountId        the account that owns the order.
 * @param orderId          the order replaced.
 * @param price            the successor's price, or 0 for the original's.
 * @param quantity         the successor's quantity, or 0 for the original's remaining quantity.
 * @param clientOrderId    the successor's client order id, or null for the original's.
 * @param idempotencyKey   the client's retry key, or null.
 */
public record ReplaceOrder(
    long accountId, long orderId, long price, long quantity, String clientOrderId, String idempotencyKey)
    implements AccountCommand
{
    private static final int TYPE = 12;

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(orderId).add(price).add(quantity).add(clientOrderId).value();
    }
}
