package dev.bourse.engine.command;

/**
 * Changes an open order in place, keeping its id. Reducing the quantity keeps queue priority; changing the price or
 * increasing the quantity sends the order to the back of the queue at its (new) price, where it may trade.
 *
 * @param accountId      the account that owns the order.
 * @param orderId        the order amended.
 * @param price          the new price, or 0 to keep it.
 * @param quantity       the new total quantity (filled part included), or 0 to keep it; must exceed the filled part.
 * @param idempotencyKey the client's retry key, or null.
 */
public record AmendOrder(long accountId, long orderId, long price, long quantity, String idempotencyKey)
    implements AccountCommand
{
    private static final int TYPE = 13;

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(orderId).add(price).add(quantity).value();
    }
}
