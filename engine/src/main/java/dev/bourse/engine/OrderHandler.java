package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

/**
 * Order commands: checks each against the instrument's rules, the market's state and the account's funds, then hands
 * it to the {@link Matcher}. A refused command changes nothing.
 */
final class OrderHandler
{
    private final EngineState state;
    private final Matcher matcher;
    private final Result result;
    private EventSink sink;
    private long sequence;
    private long timestampNanos;
    // The price an order validated by checkOrder will be matched with: its limit, or the band limit of a market order.
    private long effectivePrice;

    OrderHandler(final EngineState state, final Matcher matcher, final Result result)
    {
        this.state = state;
        this.matcher = matcher;
        this.result = result;
    }

    void begin(final EventSink sink, final long sequence, final long timestampNanos)
    {
        this.sink = sink;
        this.sequence = sequence;
        this.timestampNanos = timestampNanos;
    }

    void place(final Account account, final PlaceOrder cmd)
    {
        final long orderId = sequence;
        final Instrument instrument = state.instrumentsBySymbol.get(cmd.symbol());
        RejectReason reason = null == instrument ? RejectReason.UNKNOWN_INSTRUMENT
            : checkOrder(instrument, cmd.side(), cmd.type(), cmd.timeInForce(), cmd.price(), cmd.quantity());
        final StpMode stp = null == cmd.stp() ? account.defaultStp() : cmd.stp();
        long hold = 0;
        if (null == reason && null != cmd.clientOrderId() && null != account.orderByClientId(cmd.clientOrderId()))
        {
            reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        if (null == reason)
        {
            hold = Holds.of(instrument, cmd.side(), effectivePrice, cmd.quantity());
            reason = checkFunds(account, instrument, cmd.side(), hold, 0);
        }
        if (null == reason)
        {
            reason = checkLiquidity(instrument, account, cmd.side(), cmd.timeInForce(), cmd.quantity(), stp);
        }
        if (null != reason)
        {
            sink.onOrderRejected(
                orderId, account.id(), null == instrument ? -1 : instrument.id(), cmd.side(), cmd.type(),
                cmd.timeInForce(), cmd.price(), cmd.quantity(), cmd.clientOrderId(), reason);
            result.reject(reason);
            result.order(orderId, OrderStatus.REJECTED);
            return;
        }
        sink.onOrderAccepted(
            orderId, account.id(), instrument.id(), cmd.side(), cmd.type(), cmd.timeInForce(), cmd.price(),
            cmd.quantity(), cmd.clientOrderId());
        final Order order = open(account, instrument, orderId, cmd.side(), cmd.type(), cmd.timeInForce(), stp,
            cmd.clientOrderId(), effectivePrice, cmd.quantity(), hold);
        result.order(orderId, matcher.execute(order));
    }

    void cancel(final Account account, final CancelOrder cmd)
    {
        final Order order = cmd.orderId() != 0 ? ownOrder(account, cmd.orderId())
            : null == cmd.clientOrderId() ? null : account.orderByClientId(cmd.clientOrderId());
        if (null == order)
        {
            result.reject(RejectReason.ORDER_NOT_FOUND);
            result.order(cmd.orderId(), null);
            return;
        }
        result.order(order.orderId(), OrderStatus.CANCELLED);
        matcher.cancel(order, cmd.reason());
    }

    void massCancel(final Account account, final MassCancel cmd)
    {
        Instrument only = null;
        if (null != cmd.symbol())
        {
            only = state.instrumentsBySymbol.get(cmd.symbol());
            if (null == only)
            {
                result.reject(RejectReason.UNKNOWN_INSTRUMENT);
                return;
            }
        }
        Order order = account.firstOpenOrder();
        while (null != order)
        {
            final Order next = order.accountNext();
            if (null == only || order.instrument() == only)
            {
                matcher.cancel(order, cmd.reason());
            }
            order = next;
        }
    }

    void replace(final Account account, final ReplaceOrder cmd)
    {
        final Order original = ownOrder(account, cmd.orderId());
        result.order(cmd.orderId(), null);
        if (null == original)
        {
            result.reject(RejectReason.ORDER_NOT_FOUND);
            return;
        }
        final Instrument instrument = original.instrument();
        final Side side = original.side();
        final long price = cmd.price() == 0 ? original.price() : cmd.price();
        final long quantity = cmd.quantity() == 0 ? original.remaining() : cmd.quantity();
        final String clientOrderId = null == cmd.clientOrderId() ? original.clientOrderId() : cmd.clientOrderId();
        final TimeInForce tif = original.timeInForce();
        RejectReason reason = checkOrder(instrument, side, OrderType.LIMIT, tif, price, quantity);
        if (null == reason && null != clientOrderId && !clientOrderId.equals(original.clientOrderId())
            && null != account.orderByClientId(clientOrderId))
        {
            reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        final long hold = null == reason ? Holds.of(instrument, side, price, quantity) : 0;
        if (null == reason)
        {
            reason = checkFunds(account, instrument, side, hold, original.locked());
        }
        if (null == reason)
        {
            reason = checkLiquidity(instrument, account, side, tif, quantity, original.stp());
        }
        if (null != reason)
        {
            result.reject(reason);
            return;
        }
        final long originalId = original.orderId();
        final StpMode stp = original.stp();
        matcher.cancel(original, CancelReason.REPLACED);
        sink.onOrderAccepted(
            sequence, account.id(), instrument.id(), side, OrderType.LIMIT, tif, price, quantity, clientOrderId);
        sink.onOrderReplaced(originalId, sequence, account.id());
        final Order successor =
            open(account, instrument, sequence, side, OrderType.LIMIT, tif, stp, clientOrderId, price, quantity, hold);
        result.newOrderId = sequence;
        result.orderStatus = matcher.execute(successor);
    }

    void amend(final Account account, final AmendOrder cmd)
    {
        final Order order = ownOrder(account, cmd.orderId());
        result.order(cmd.orderId(), null);
        if (null == order)
        {
            result.reject(RejectReason.ORDER_NOT_FOUND);
            return;
        }
        final Instrument instrument = order.instrument();
        final long price = cmd.price() == 0 ? order.price() : cmd.price();
        final long quantity = cmd.quantity() == 0 ? order.quantity() : cmd.quantity();
        final boolean keepsPriority = price == order.price() && quantity <= order.quantity();
        RejectReason reason = null;
        if (quantity <= order.filled())
        {
            reason = RejectReason.INVALID_QUANTITY;
        }
        else
        {
            // A reduction lowers risk: it is allowed whatever the market state and wherever the band has moved.
            reason = keepsPriority ? checkQuantity(instrument, quantity)
                : checkOrder(instrument, order.side(), OrderType.LIMIT, order.timeInForce(), price, quantity);
        }
        final long hold = null == reason ? Holds.of(instrument, order.side(), price, quantity - order.filled()) : 0;
        if (null == reason)
        {
            reason = checkFunds(account, instrument, order.side(), hold, order.locked());
        }
        if (null == reason && !keepsPriority)
        {
            reason = checkLiquidity(
                instrument, account, order.side(), order.timeInForce(), quantity - order.filled(), order.stp());
        }
        if (null != reason)
        {
            result.reject(reason);
            return;
        }
        if (keepsPriority)
        {
            instrument.book().side(order.side()).reduce(order, quantity);
            matcher.rehold(order, hold);
            sink.onOrderAmended(order.orderId(), account.id(), price, quantity, order.remaining(), true);
            result.orderStatus = order.filled() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
            return;
        }
        instrument.book().side(order.side()).remove(order);
        order.price(price);
        order.quantity(quantity);
        matcher.rehold(order, hold);
        sink.onOrderAmended(order.orderId(), account.id(), price, quantity, order.remaining(), false);
        result.orderStatus = matcher.execute(order);
    }

    // Null when an order of this shape may be placed on the instrument now; sets effectivePrice.
    private RejectReason checkOrder(
        final Instrument instrument, final Side side, final OrderType type, final TimeInForce tif, final long price,
        final long quantity)
    {
        final var spec = instrument.spec();
        final InstrumentStatus status = instrument.status();
        if (status == InstrumentStatus.HALTED)
        {
            return RejectReason.INSTRUMENT_HALTED;
        }
        if (status == InstrumentStatus.CANCEL_ONLY)
        {
            return RejectReason.INSTRUMENT_CANCEL_ONLY;
        }
        final boolean market = type == OrderType.MARKET;
        if (status == InstrumentStatus.POST_ONLY && (market || tif == TimeInForce.IOC || tif == TimeInForce.FOK))
        {
            return RejectReason.INSTRUMENT_POST_ONLY;
        }
        if (market && (tif == TimeInForce.GTC || tif == TimeInForce.POST_ONLY))
        {
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        if (market ? price != 0 : price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (!market && price % spec.tickSize() != 0)
        {
            return RejectReason.PRICE_NOT_ON_TICK;
        }
        final RejectReason quantityReason = checkQuantity(instrument, quantity);
        if (null != quantityReason)
        {
            return quantityReason;
        }
        final long reference = instrument.referencePrice();
        if (market)
        {
            if (reference == 0)
            {
                return RejectReason.NO_REFERENCE_PRICE;
            }
            effectivePrice = side == Side.BUY ? instrument.bandHigh(reference) : instrument.bandLow(reference);
        }
        else
        {
            if (reference != 0 && (price < instrument.bandLow(reference) || price > instrument.bandHigh(reference)))
            {
                return RejectReason.PRICE_OUT_OF_BAND;
            }
            effectivePrice = price;
        }
        final long notional = instrument.notional(market ? reference : price, quantity);
        if (notional == Amounts.OVERFLOW)
        {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
        return notional < spec.minNotional() ? RejectReason.BELOW_MIN_NOTIONAL : null;
    }

    private static RejectReason checkQuantity(final Instrument instrument, final long quantity)
    {
        final var spec = instrument.spec();
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity % spec.lotSize() != 0)
        {
            return RejectReason.QUANTITY_NOT_ON_LOT;
        }
        if (quantity < spec.minQuantity())
        {
            return RejectReason.QUANTITY_BELOW_MIN;
        }
        return quantity > spec.maxQuantity() ? RejectReason.QUANTITY_ABOVE_MAX : null;
    }

    // Null when the account can hold `hold`, counting what `releasing` (the hold being replaced) gives back.
    private static RejectReason checkFunds(
        final Account account, final Instrument instrument, final Side side, final long hold, final long releasing)
    {
        if (hold == Amounts.OVERFLOW)
        {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
        return account.available(Holds.asset(instrument, side)) + releasing < hold
            ? RejectReason.INSUFFICIENT_BALANCE : null;
    }

    // Post-only and fill-or-kill conditions, checked against the book before anything changes.
    private RejectReason checkLiquidity(
        final Instrument instrument, final Account account, final Side side, final TimeInForce tif,
        final long quantity, final StpMode stp)
    {
        final boolean postOnly = tif == TimeInForce.POST_ONLY || instrument.status() == InstrumentStatus.POST_ONLY;
        if (postOnly && Matcher.wouldTake(instrument, side, effectivePrice))
        {
            return RejectReason.POST_ONLY_WOULD_TAKE;
        }
        if (tif == TimeInForce.FOK && !Matcher.canFill(instrument, account, side, effectivePrice, quantity, stp))
        {
            return RejectReason.FOK_NOT_FILLABLE;
        }
        return null;
    }

    private Order open(
        final Account account, final Instrument instrument, final long orderId, final Side side, final OrderType type,
        final TimeInForce tif, final StpMode stp, final String clientOrderId, final long price, final long quantity,
        final long hold)
    {
        final Order order = state.orderPool.acquire().init(
            orderId, account, instrument, side, type, tif, stp, clientOrderId, price, quantity, timestampNanos);
        matcher.rehold(order, hold);
        account.addOpenOrder(order);
        state.openOrders.put(orderId, order);
        return order;
    }

    private Order ownOrder(final Account account, final long orderId)
    {
        final Order order = state.openOrders.get(orderId);
        return null != order && order.account() == account ? order : null;
    }
}
