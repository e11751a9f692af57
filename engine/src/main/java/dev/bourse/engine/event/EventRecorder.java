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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An {@link EventSink} that keeps every event as an {@link EngineEvent} record, for tests and for replay checks. */
public final class EventRecorder implements EventSink
{
    private final List<EngineEvent> events = new ArrayList<>();
    private int lastCommandStart;

    /** Every event so far, oldest first. */
    public List<EngineEvent> events()
    {
        return events;
    }

    /** The events of the most recent command, from its start to its result. */
    public List<EngineEvent> lastCommand()
    {
        return events.subList(lastCommandStart, events.size());
    }

    /** The result of the most recent command. */
    public EngineEvent.CommandResult lastResult()
    {
        return (EngineEvent.CommandResult)events.get(events.size() - 1);
    }

    /** Forgets every event recorded so far. */
    public void clear()
    {
        events.clear();
        lastCommandStart = 0;
    }

    @Override
    public void onCommandStart(final long sequence, final long timestampNanos)
    {
        lastCommandStart = events.size();
        events.add(new EngineEvent.CommandStarted(sequence, timestampNanos));
    }

    @Override
    public void onAssetCreated(final int assetId, final String code, final int scale)
    {
        events.add(new EngineEvent.AssetCreated(assetId, code, scale));
    }

    @Override
    public void onInstrumentCreated(
        final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
        final CreateInstrument spec)
    {
        events.add(new EngineEvent.InstrumentCreated(instrumentId, symbol, baseAssetId, quoteAssetId, spec));
    }

    @Override
    public void onInstrumentStatusChanged(final int instrumentId, final InstrumentStatus status)
    {
        events.add(new EngineEvent.InstrumentStatusChanged(instrumentId, status));
    }

    @Override
    public void onAccountCreated(final long accountId)
    {
        events.add(new EngineEvent.AccountCreated(accountId));
    }

    @Override
    public void onApiKeyIssued(
        final long keyId, final long accountId, final Sha256 keyHash, final Set<Permission> permissions)
    {
        events.add(new EngineEvent.ApiKeyIssued(keyId, accountId, keyHash, permissions));
    }

    @Override
    public void onApiKeyRevoked(final long keyId, final long accountId)
    {
        events.add(new EngineEvent.ApiKeyRevoked(keyId, accountId));
    }

    @Override
    public void onOrderAccepted(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
        events.add(new EngineEvent.OrderAccepted(
            orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId));
    }

    @Override
    public void onOrderRejected(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
        final RejectReason reason)
    {
        events.add(new EngineEvent.OrderRejected(
            orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId, reason));
    }

    @Override
    public void onTrade(
        final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
        final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
        final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
    {
        events.add(new EngineEvent.Trade(
            tradeId, instrumentId, price, quantity, takerSide, takerOrderId, takerAccountId, takerFee,
            takerFeeAssetId, makerOrderId, makerAccountId, makerFee, makerFeeAssetId));
    }

    @Override
    public void onOrderPartiallyFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity, final long remainingQuantity)
    {
        events.add(new EngineEvent.OrderPartiallyFilled(
            orderId, accountId, tradeId, price, quantity, filledQuantity, remainingQuantity));
    }

    @Override
    public void onOrderFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity)
    {
        events.add(new EngineEvent.OrderFilled(orderId, accountId, tradeId, price, quantity, filledQuantity));
    }

    @Override
    public void onOrderCancelled(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        events.add(new EngineEvent.OrderCancelled(
            orderId, accountId, instrumentId, filledQuantity, remainingQuantity, reason));
    }

    @Override
    public void onOrderExpired(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        events.add(new EngineEvent.OrderExpired(
            orderId, accountId, instrumentId, filledQuantity, remainingQuantity, reason));
    }

    @Override
    public void onOrderReplaced(final long originalOrderId, final long newOrderId, final long accountId)
    {
        events.add(new EngineEvent.OrderReplaced(originalOrderId, newOrderId, accountId));
    }

    @Override
    public void onOrderAmended(
        final long orderId, final long accountId, final long price, final long quantity,
        final long remainingQuantity, final boolean priorityKept)
    {
        events.add(new EngineEvent.OrderAmended(orderId, accountId, price, quantity, remainingQuantity, priorityKept));
    }

    @Override
    public void onBalanceChanged(final long accountId, final int assetId, final long available, final long locked)
    {
        events.add(new EngineEvent.BalanceChanged(accountId, assetId, available, locked));
    }

    @Override
    public void onBookLevelChanged(
        final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
    {
        events.add(new EngineEvent.BookLevelChanged(instrumentId, side, price, quantity, orderCount));
    }

    @Override
    public void onCommandResult(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus, final boolean replayed)
    {
        events.add(new EngineEvent.CommandResult(outcome, reason, orderId, newOrderId, orderStatus, replayed));
    }
}
