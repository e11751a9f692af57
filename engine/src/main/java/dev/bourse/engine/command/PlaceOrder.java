package dev.bourse.engine.command;

import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

import java.util.Objects;

/**
 * Places a new order; its id is the command's sequence number.
 *
 * @param accountId      the account placing it.
 * @param symbol         the instrument id, {@code BASE/QUOTE}.
 * @param side           buy or sell.
 * @param type           limit or market.
 * @param timeInForce    GTC, IOC, FOK or POST_ONLY for a limit order; IOC or FOK for a market order.
 * @param price          limit price in price units; 0 for a market order, which is bounded by the price band.
 * @param quantity       base quantity in quantity units.
 * @param clientOrderId  the client's id, unique among the account's open orders, or null.
 * @param stp            self-trade prevention, or null for the account's default.
 * @param idempotencyKey the client's retry key, or null.
 */
public record PlaceOrder(
    long accountId,
    String symbol,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long price,
    long quantity,
    String clientOrderId,
    StpMode stp,
    String idempotencyKey) implements AccountCommand
{
    private static final int TYPE = 9;

    /** Checks that the required fields are present. */
    public PlaceOrder
    {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeInForce, "timeInForce");
    }

    /** A GTC limit order without client id, STP override or key. */
    public static PlaceOrder limit(
        final long accountId, final String symbol, final Side side, final long price, final long quantity)
    {
        return new PlaceOrder(
            accountId, symbol, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity, null, null, null);
    }

    /** A market order (IOC) without client id, STP override or key. */
    public static PlaceOrder market(final long accountId, final String symbol, final Side side, final long quantity)
    {
        return new PlaceOrder(
            accountId, symbol, side, OrderType.MARKET, TimeInForce.IOC, 0, quantity, null, null, null);
    }

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(symbol).add(side).add(type).add(timeInForce).add(price)
            .add(quantity).add(clientOrderId).add(stp).value();
    }
}
