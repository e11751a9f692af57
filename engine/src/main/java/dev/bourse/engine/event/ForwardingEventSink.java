package dev.bourse.engine.event;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;

import java.util.Objects;
import java.util.Set;

/** An {@link EventSink} that passes every event on to another; extend it to watch some events on their way. */
public class ForwardingEventSink implements EventSink
{
    private final EventSink delegate;

    /** Forwards to {@code delegate}. */
    public ForwardingEventSink(final EventSink delegate)
    {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void onCommandStart(final long sequence, final long timestampNanos)
    {
        delegate.onCommandStart(sequence, timestampNanos);
    }

    @Override
    public void onAssetCreated(final int assetId, final String code, final int scale)
    {
        delegate.onAssetCreated(assetId, code, scale);
    }

    @Override
    public void onInstrumentCreated(
        final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
        final CreateInstrument spec)
    {
        delegate.onInstrumentCreated(instrumentId, symbol, baseAssetId, quoteAssetId, spec);
    }

    @Override
    public void onInstrumentStatusChanged(final int instrumentId, final InstrumentStatus status)
    {
        delegate.onInstrumentStatusChanged(instrumentId, status);
    }

    @Override
    public void onAccountCreated(final long accountId)
    {
        delegate.onAccountCreated(accountId);
    }

    @Override
    public void onApiKeyIssued(
        final long keyId, final long accountId, final Sha256 keyHash, final Set<Permission> permissions)
    {
        delegate.onApiKeyIssued(keyId, accountId, keyHash, permissions);
    }

    @Override
    public void onApiKeyRevoked(final long keyId, final long accountId)
    {
        delegate.onApiKeyRevoked(keyId, accountId);
    }

    @Override
    public void onOrderAccepted(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
        delegate.onOrderAccepted(
            orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId);
    }

    @Override
    public void onOrderRejected(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
        final RejectReason reason)
    {
        delegate.onOrderRejected(
            orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId, reason);
    }

    @Override
    public void onTrade(
        final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
        final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
        final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
    {
        delegate.onTrade(
            tradeId, instrumentId, price, quantity, takerSide, takerOrderId, takerAccountId, takerFee, takerFeeAssetId, makerOrderId, makerAccountId, makerFee, makerFeeAssetId);
    }

    @Override
    public void onOrderPartiallyFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity, final long remainingQuantity)
    {
        delegate.onOrderPartiallyFilled(
            orderId, accountId, tradeId, price, quantity, filledQuantity, remainingQuantity);
    }

    @Override
    public void onOrderFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity)
    {
        delegate.onOrderFilled(orderId, accountId, tradeId, price, quantity, filledQuantity);
    }

    @Override
    public void onOrderCancelled(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        delegate.onOrderCancelled(orderId, accountId, instrumentId, filledQuantity, remainingQuantity, reason);
    }

    @Override
    public void onOrderExpired(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        delegate.onOrderExpired(orderId, accountId, instrumentId, filledQuantity, remainingQuantity, reason);
    }

    @Override
    public void onOrderReplaced(final long originalOrderId, final long newOrderId, final long accountId)
    {
        delegate.onOrderReplaced(originalOrderId, newOrderId, accountId);
    }

    @Override
    public void onOrderAmended(
        final long orderId, final long accountId, final long price, final long quantity,
        final long remainingQuantity, final boolean priorityKept)
    {
        delegate.onOrderAmended(orderId, accountId, price, quantity, remainingQuantity, priorityKept);
    }

    @Override
    public void onBalanceChanged(final long accountId, final int assetId, final long available, final long locked)
    {
        delegate.onBalanceChanged(accountId, assetId, available, locked);
    }

    @Override
    public void onBookLevelChanged(
        final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
    {
        delegate.onBookLevelChanged(instrumentId, side, price, quantity, orderCount);
    }

    @Override
    public void onCommandResult(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus, final boolean replayed)
    {
        delegate.onCommandResult(outcome, reason, orderId, newOrderId, orderStatus, replayed);
    }
}
