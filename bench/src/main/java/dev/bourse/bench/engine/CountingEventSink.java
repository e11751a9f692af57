package dev.bourse.bench.engine;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;

import java.util.Set;

/**
 * Consumes events as cheaply as possible while keeping the JIT from discarding them: counts events, trades and
 * rejections, and folds a few values into a checksum.
 */
public final class CountingEventSink implements EventSink
{
    long events;
    long trades;
    long rejections;
    long checksum;

    @Override
    public void onCommandStart(final long sequence, final long timestampNanos)
    {
        events++;
    }

    @Override
    public void onAssetCreated(final int assetId, final String code, final int scale)
    {
        events++;
    }

    @Override
    public void onInstrumentCreated(
        final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
        final CreateInstrument spec)
    {
        events++;
    }

    @Override
    public void onInstrumentStatusChanged(final int instrumentId, final InstrumentStatus status)
    {
        events++;
    }

    @Override
    public void onAccountCreated(final long accountId)
    {
        events++;
    }

    @Override
    public void onApiKeyIssued(
        final long keyId, final long accountId, final Sha256 keyHash, final Set<Permission> permissions)
    {
        events++;
    }

    @Override
    public void onApiKeyRevoked(final long keyId, final long accountId)
    {
        events++;
    }

    @Override
    public void onOrderAccepted(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
        events++;
        checksum += orderId;
    }

    @Override
    public void onOrderRejected(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
        final RejectReason reason)
    {
        events++;
        rejections++;
    }

    @Override
    public void onTrade(
        final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
        final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
        final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
    {
        events++;
        trades++;
        checksum += price * quantity;
    }

    @Override
    public void onOrderPartiallyFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity, final long remainingQuantity)
    {
        events++;
    }

    @Override
    public void onOrderFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity)
    {
        events++;
    }

    @Override
    public void onOrderCancelled(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        events++;
    }

    @Override
    public void onOrderExpired(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        events++;
    }

    @Override
    public void onOrderReplaced(final long originalOrderId, final long newOrderId, final long accountId)
    {
        events++;
    }

    @Override
    public void onOrderAmended(
        final long orderId, final long accountId, final long price, final long quantity,
        final long remainingQuantity, final boolean priorityKept)
    {
        events++;
    }

    @Override
    public void onBalanceChanged(final long accountId, final int assetId, final long available, final long locked)
    {
        events++;
        checksum += available;
    }

    @Override
    public void onBookLevelChanged(
        final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
    {
        events++;
        checksum += quantity;
    }

    @Override
    public void onCommandResult(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus, final boolean replayed)
    {
        events++;
        if (outcome == Outcome.REJECTED)
        {
            rejections++;
        }
    }
}
