package dev.bourse.engine;

import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

/**
 * A copy of an open order's state, for queries outside the hot path.
 *
 * @param orderId       the order id.
 * @param accountId     the owner.
 * @param symbol        the instrument id.
 * @param side          buy or sell.
 * @param type          limit or market.
 * @param timeInForce   time in force.
 * @param stp           self-trade prevention in force.
 * @param clientOrderId the client's id, or null.
 * @param price         limit price, in price units.
 * @param quantity      total quantity, in quantity units.
 * @param filled        quantity filled.
 * @param locked        amount held, in units of the asset spent.
 * @param resting       whether it rests in the book.
 */
public record OpenOrder(
    long orderId, long accountId, String symbol, Side side, OrderType type, TimeInForce timeInForce, StpMode stp,
    String clientOrderId, long price, long quantity, long filled, long locked, boolean resting)
{
    /** Quantity still open. */
    public long remaining()
    {
        return quantity - filled;
    }
}
