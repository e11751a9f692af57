package dev.bourse.engine.event;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;

import java.util.Set;

/** An {@link EventSink} for an engine whose events nobody reads, such as a copy kept only to be serialized. */
public final class DiscardingEventSink implements EventSink
{
    /** The one instance: it holds nothing. */
    public static final DiscardingEventSink INSTANCE = new DiscardingEventSink();

    private DiscardingEventSink()
    {
    }

    @Override
    public void onCommandStart(final long sequence, final long timestampNanos)
    {
    }

    @Override
    public void onAssetCreated(final int assetId, final String code, final int scale)
    {
    }

    @Override
    public void onInstrumentCreated(
        final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
        final CreateInstrument spec)
    {
    }

    @Override
    public void onInstrumentStatusChanged(final int instrumentId, final InstrumentStatus status)
    {
    }

    @Override
    public void onAccountCreated(final long accountId)
    {
    }

    @Override
    public void onApiKeyIssued(
        final long keyId, final long accountId, final Sha256 keyHash, final Set<Permission> permissions)
    {
    }

    @Override
    public void onApiKeyRevoked(final long keyId, final long accountId)
    {
    }

    @Override
    public void onOrderAccepted(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
    }

    @Override
    public void onOrderRejected(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
        final RejectReason reason)
    {
    }

    @Override
    public void onTrade(
        final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
        final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
        final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
    {
    }

    @Override
    public void onOrderPartiallyFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity, final long remainingQuantity)
    {
    }

    @Override
    public void onOrderFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity)
    {
    }

    @Override
    public void onOrderCancelled(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
    }

    @Override
    public void onOrderExpired(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
    }

    @Override
    public void onOrderReplaced(final long originalOrderId, final long newOrderId, final long accountId)
    {
    }

    @Override
    public void onOrderAmended(
        final long orderId, final long accountId, final long price, final long quantity,
        final long remainingQuantity, final boolean priorityKept)
    {
    }

    @Override
    public void onBalanceChanged(final long accountId, final int assetId, final long available, final long locked)
    {
    }

    @Override
    public void onBookLevelChanged(
        final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
    {
    }

    @Override
    public void onCommandResult(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus, final boolean replayed)
    {
    }
}
