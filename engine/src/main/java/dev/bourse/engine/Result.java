package dev.bourse.engine;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.OrderStatus;

/** The result of the command being applied, filled in by its handler; reused for every command. */
final class Result
{
    Outcome outcome;
    RejectReason reason;
    long orderId;
    long newOrderId;
    OrderStatus orderStatus;

    void reset()
    {
        outcome = Outcome.ACCEPTED;
        reason = null;
        orderId = 0;
        newOrderId = 0;
        orderStatus = null;
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
