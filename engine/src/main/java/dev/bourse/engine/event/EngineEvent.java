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

import java.util.Set;

/** The canonical events as values, one record per {@link EventSink} method, with the same fields. */
public sealed interface EngineEvent
{
    /** Calls the {@link EventSink} method this event stands for, with its fields: replays a recorded event. */
    default void deliverTo(final EventSink sink)
    {
        switch (this)
        {
            case CommandStarted e -> sink.onCommandStart(e.sequence(), e.timestampNanos());
            case AssetCreated e -> sink.onAssetCreated(e.assetId(), e.code(), e.scale());
            case InstrumentCreated e ->
                sink.onInstrumentCreated(e.instrumentId(), e.symbol(), e.baseAssetId(), e.quoteAssetId(), e.spec());
            case InstrumentStatusChanged e -> sink.onInstrumentStatusChanged(e.instrumentId(), e.status());
            case AccountCreated e -> sink.onAccountCreated(e.accountId());
            case ApiKeyIssued e -> sink.onApiKeyIssued(e.keyId(), e.accountId(), e.keyHash(), e.permissions());
            case ApiKeyRevoked e -> sink.onApiKeyRevoked(e.keyId(), e.accountId());
            case OrderAccepted e -> sink.onOrderAccepted(e.orderId(), e.accountId(), e.instrumentId(), e.side(),
                e.type(), e.timeInForce(), e.price(), e.quantity(), e.clientOrderId());
            case OrderRejected e -> sink.onOrderRejected(e.orderId(), e.accountId(), e.instrumentId(), e.side(),
                e.type(), e.timeInForce(), e.price(), e.quantity(), e.clientOrderId(), e.reason());
            case Trade e -> sink.onTrade(e.tradeId(), e.instrumentId(), e.price(), e.quantity(), e.takerSide(),
                e.takerOrderId(), e.takerAccountId(), e.takerFee(), e.takerFeeAssetId(),
                e.makerOrderId(), e.makerAccountId(), e.makerFee(), e.makerFeeAssetId());
            case OrderPartiallyFilled e -> sink.onOrderPartiallyFilled(e.orderId(), e.accountId(), e.tradeId(),
                e.price(), e.quantity(), e.filledQuantity(), e.remainingQuantity());
            case OrderFilled e -> sink.onOrderFilled(e.orderId(), e.accountId(), e.tradeId(), e.price(),
                e.quantity(), e.filledQuantity());
            case OrderCancelled e -> sink.onOrderCancelled(e.orderId(), e.accountId(), e.instrumentId(),
                e.filledQuantity(), e.remainingQuantity(), e.reason());
            case OrderExpired e -> sink.onOrderExpired(e.orderId(), e.accountId(), e.instrumentId(),
                e.filledQuantity(), e.remainingQuantity(), e.reason());
            case OrderReplaced e -> sink.onOrderReplaced(e.originalOrderId(), e.newOrderId(), e.accountId());
            case OrderAmended e -> sink.onOrderAmended(e.orderId(), e.accountId(), e.price(), e.quantity(),
                e.remainingQuantity(), e.priorityKept());
            case BalanceChanged e -> sink.onBalanceChanged(e.accountId(), e.assetId(), e.available(), e.locked());
            case BookLevelChanged e ->
                sink.onBookLevelChanged(e.instrumentId(), e.side(), e.price(), e.quantity(), e.orderCount());
            case CommandResult e -> sink.onCommandResult(e.outcome(), e.reason(), e.orderId(), e.newOrderId(),
                e.orderStatus(), e.replayed());
        }
    }

    /** See {@link EventSink#onCommandStart}. */
    record CommandStarted(long sequence, long timestampNanos) implements EngineEvent
    {
    }

    /** See {@link EventSink#onAssetCreated}. */
    record AssetCreated(int assetId, String code, int scale) implements EngineEvent
    {
    }

    /** See {@link EventSink#onInstrumentCreated}. */
    record InstrumentCreated(
        int instrumentId, String symbol, int baseAssetId, int quoteAssetId, CreateInstrument spec)
        implements EngineEvent
    {
    }

    /** See {@link EventSink#onInstrumentStatusChanged}. */
    record InstrumentStatusChanged(int instrumentId, InstrumentStatus status) implements EngineEvent
    {
    }

    /** See {@link EventSink#onAccountCreated}. */
    record AccountCreated(long accountId) implements EngineEvent
    {
    }

    /** See {@link EventSink#onApiKeyIssued}. */
    record ApiKeyIssued(long keyId, long accountId, Sha256 keyHash, Set<Permission> permissions)
        implements EngineEvent
    {
    }

    /** See {@link EventSink#onApiKeyRevoked}. */
    record ApiKeyRevoked(long keyId, long accountId) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderAccepted}. */
    record OrderAccepted(
        long orderId, long accountId, int instrumentId, Side side, OrderType type, TimeInForce timeInForce,
        long price, long quantity, String clientOrderId) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderRejected}. */
    record OrderRejected(
        long orderId, long accountId, int instrumentId, Side side, OrderType type, TimeInForce timeInForce,
        long price, long quantity, String clientOrderId, RejectReason reason) implements EngineEvent
    {
    }

    /** See {@link EventSink#onTrade}. */
    record Trade(
        long tradeId, int instrumentId, long price, long quantity, Side takerSide,
        long takerOrderId, long takerAccountId, long takerFee, int takerFeeAssetId,
        long makerOrderId, long makerAccountId, long makerFee, int makerFeeAssetId) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderPartiallyFilled}. */
    record OrderPartiallyFilled(
        long orderId, long accountId, long tradeId, long price, long quantity, long filledQuantity,
        long remainingQuantity) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderFilled}. */
    record OrderFilled(long orderId, long accountId, long tradeId, long price, long quantity, long filledQuantity)
        implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderCancelled}. */
    record OrderCancelled(
        long orderId, long accountId, int instrumentId, long filledQuantity, long remainingQuantity,
        CancelReason reason) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderExpired}. */
    record OrderExpired(
        long orderId, long accountId, int instrumentId, long filledQuantity, long remainingQuantity,
        CancelReason reason) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderReplaced}. */
    record OrderReplaced(long originalOrderId, long newOrderId, long accountId) implements EngineEvent
    {
    }

    /** See {@link EventSink#onOrderAmended}. */
    record OrderAmended(
        long orderId, long accountId, long price, long quantity, long remainingQuantity, boolean priorityKept)
        implements EngineEvent
    {
    }

    /** See {@link EventSink#onBalanceChanged}. */
    record BalanceChanged(long accountId, int assetId, long available, long locked) implements EngineEvent
    {
    }

    /** See {@link EventSink#onBookLevelChanged}. */
    record BookLevelChanged(int instrumentId, Side side, long price, long quantity, int orderCount)
        implements EngineEvent
    {
    }

    /** See {@link EventSink#onCommandResult}. */
    record CommandResult(
        Outcome outcome, RejectReason reason, long orderId, long newOrderId, OrderStatus orderStatus,
        boolean replayed) implements EngineEvent
    {
    }
}
