package dev.bourse.engine;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.idempotency.IdempotencyEntry;
import dev.bourse.engine.order.OrderStatus;

/** The result of the command being applied, filled in by its handler; reused for every command. */
final class Result
{
    Outcome outcome;
    RejectReason reason;
    long orderId;
    long newOrderId;
    OrderStatus orderStatus;
    // The command was a retry, answered with the result its idempotency key remembered.
    boolean replayed;

    void reset()
    {
        outcome = Outcome.ACCEPTED;
        reason = null;
        orderId = 0;
        newOrderId = 0;
        orderStatus = null;
        replayed = false;
    }

    void replay(final IdempotencyEntry earlier)
    {
        outcome = earlier.outcome();
        reason = earlier.reason();
        orderId = earlier.orderId();
        newOrderId = earlier.newOrderId();
        orderStatus = earlier.orderStatus();
        replayed = true;
    }

    EngineEvent.CommandResult toEvent()
    {
        return new EngineEvent.CommandResult(outcome, reason, orderId, newOrderId, orderStatus, replayed);
    }

    void reject(final RejectReason reason)
    {
        this.outcome = Outcome.REJECTED;
        this.reason = reason;
    }

    void order(final long orderId, final OrderStatus orderStatus)
    {
        this.orderId = orderId;
        this.orderStatus = orderStatus;
    }
}
