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

/**
 * Receives the engine's canonical events, on the engine thread, in order. Events arrive as calls with plain values so
 * that matching allocates nothing; {@link EventRecorder} turns them into {@link EngineEvent} records where values are
 * wanted.
 *
 * <p>The events of one command always come as: {@link #onCommandStart}, then order, trade and admin events in the
 * order they happened, then one {@link #onBalanceChanged} per (account, asset) whose balance changed, then one
 * {@link #onBookLevelChanged} per price level whose aggregate changed, then exactly one {@link #onCommandResult}.
 * Prices and quantities are in the instrument's units, amounts in the asset's units.
 */
public interface EventSink
{
    /** A command begins; every following event belongs to it. */
    void onCommandStart(long sequence, long timestampNanos);

    /** An asset was registered under the next asset id. */
    void onAssetCreated(int assetId, String code, int scale);

    /** An instrument was listed under the next instrument id, with the specification it was created with. */
    void onInstrumentCreated(int instrumentId, String symbol, int baseAssetId, int quoteAssetId, CreateInstrument spec);

    /** An instrument's status changed. */
    void onInstrumentStatusChanged(int instrumentId, InstrumentStatus status);

    /** An account was opened. */
    void onAccountCreated(long accountId);

    /** An API key was registered; its id is the command's sequence number. */
    void onApiKeyIssued(long keyId, long accountId, Sha256 keyHash, Set<Permission> permissions);

    /** An API key was revoked. */
    void onApiKeyRevoked(long keyId, long accountId);

    /** A new order entered matching (and will rest, unless it trades away or expires in the same command). */
    void onOrderAccepted(
        long orderId, long accountId, int instrumentId, Side side, OrderType type, TimeInForce timeInForce,
        long price, long quantity, String clientOrderId);

    /** A new order was refused; it never touched the book. instrumentId is -1 when the symbol is unknown. */
    void onOrderRejected(
        long orderId, long accountId, int instrumentId, Side side, OrderType type, TimeInForce timeInForce,
        long price, long quantity, String clientOrderId, RejectReason reason);

    /** Two orders traded at the maker's price. Fees are in the units of their assets. */
    void onTrade(
        long tradeId, int instrumentId, long price, long quantity, Side takerSide,
        long takerOrderId, long takerAccountId, long takerFee, int takerFeeAssetId,
        long makerOrderId, long makerAccountId, long makerFee, int makerFeeAssetId);

    /** An order traded and some of it remains open. */
    void onOrderPartiallyFilled(
        long orderId, long accountId, long tradeId, long price, long quantity, long filledQuantity,
        long remainingQuantity);

    /** An order traded its last quantity. */
    void onOrderFilled(long orderId, long accountId, long tradeId, long price, long quantity, long filledQuantity);

    /** An order was cancelled at someone's request, or by a halt. */
    void onOrderCancelled(
        long orderId, long accountId, int instrumentId, long filledQuantity, long remainingQuantity,
        CancelReason reason);

    /** The engine ended an order: an IOC, FOK or market remainder, or self-trade prevention. */
    void onOrderExpired(
        long orderId, long accountId, int instrumentId, long filledQuantity, long remainingQuantity,
        CancelReason reason);

    /**
     * An order was replaced by a new one. The original's cancellation (reason replaced) and the successor's
     * acceptance came just before, so both orders are known when this arrives; the successor's fills come after.
     */
    void onOrderReplaced(long originalOrderId, long newOrderId, long accountId);

    /** An order was changed in place; when priority was lost it went to the back of the queue at its price. */
    void onOrderAmended(
        long orderId, long accountId, long price, long quantity, long remainingQuantity, boolean priorityKept);

    /** An account's balance in one asset after the command. */
    void onBalanceChanged(long accountId, int assetId, long available, long locked);

    /** An aggregated price level after the command; quantity 0 means the level is gone. */
    void onBookLevelChanged(int instrumentId, Side side, long price, long quantity, int orderCount);

    /**
     * The command's result, what its sender is answered. For order commands, orderId is the order placed, cancelled,
     * amended or replaced, newOrderId the successor of a replace, and orderStatus the status of the order the command
     * is about after processing (the successor for a replace). replayed is true when an idempotency key matched an
     * earlier command with the same intent: this is that command's result, and nothing changed.
     */
    void onCommandResult(
        Outcome outcome, RejectReason reason, long orderId, long newOrderId, OrderStatus orderStatus,
        boolean replayed);
}
