package dev.bourse.engine.idempotency;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.OrderStatus;

/**
 * One remembered key: the intent's fingerprint and the result its first use got. A view of the store's ring, moved
 * from entry to entry: read it at once, do not keep it.
 */
public final class IdempotencyEntry
{
    private final IdempotencyStore store;
    private int slot;

    IdempotencyEntry(final IdempotencyStore store)
    {
        this.store = store;
    }

    IdempotencyEntry at(final int slot)
    {
        this.slot = slot;
        return this;
    }

    /** Stores the first result. */
    public void result(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus)
    {
        store.set(slot, IdempotencyStore.ORDER_ID, orderId);
        store.set(slot, IdempotencyStore.NEW_ORDER_ID, newOrderId);
        store.set(slot, IdempotencyStore.RESULT, IdempotencyStore.packResult(outcome, reason, orderStatus));
    }

    /** The account. */
    public long accountId()
    {
        return get(IdempotencyStore.ACCOUNT);
    }

    /** The client's key, made anew on each call. */
    public String key()
    {
        return store.keys.read(get(IdempotencyStore.KEY_START), get(IdempotencyStore.KEY_SHAPE));
    }

    /** Digest of the first command's intent. */
    public long fingerprint()
    {
        return get(IdempotencyStore.FINGERPRINT);
    }

    /** When the key is forgotten, in engine time. */
    public long expiresAtNanos()
    {
        return get(IdempotencyStore.EXPIRES_AT);
    }

    /** The first result's outcome. */
    public Outcome outcome()
    {
        return IdempotencyStore.outcome(get(IdempotencyStore.RESULT));
    }

    /** The first result's reject reason, or null. */
    public RejectReason reason()
    {
        return IdempotencyStore.reason(get(IdempotencyStore.RESULT));
    }

    /** The first result's order id, or 0. */
    public long orderId()
    {
        return get(IdempotencyStore.ORDER_ID);
    }

    /** The first result's successor order id, or 0. */
    public long newOrderId()
    {
        return get(IdempotencyStore.NEW_ORDER_ID);
    }

    /** The first result's order status, or null. */
    public OrderStatus orderStatus()
    {
        return IdempotencyStore.orderStatus(get(IdempotencyStore.RESULT));
    }

    private long get(final int field)
    {
        return store.get(slot, field);
    }
}
