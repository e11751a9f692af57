package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.gateway.json.Json;

/** Renders the answer to a durable command: {@code command_ack}, or {@code command_error} with its code. */
final class CommandReply
{
    private CommandReply()
    {
    }

    static byte[] render(
        final String requestId, final String idempotencyKey, final String action, final Command command,
        final EngineEvent.CommandResult result, final StabylProjection projection)
    {
        final RejectReason reason = result.reason();
        final boolean orderCreated = command instanceof PlaceOrder && 0 != result.orderId();
        if (Outcome.REJECTED == result.outcome() && !orderCreated)
        {
            return switch (reason)
            {
                case IDEMPOTENCY_CONFLICT -> StabylFrames.commandError(requestId, action, "CONFLICT",
                    "idempotency_key was used for a different command", null);
                case ORDER_NOT_FOUND -> StabylFrames.commandError(requestId, action, "NOT_FOUND",
                    "no such open order", "order_id");
                case DUPLICATE_CLIENT_ORDER_ID -> StabylFrames.commandError(requestId, action, "CONFLICT",
                    "client_order_id is already used by an open order", "client_order_id");
                default -> StabylFrames.commandError(requestId, action, "VALIDATION_FAILED", reason.wireName(),
                    null);
            };
        }
        final StabylProjection.OrderView order = projection.order(
            0 != result.newOrderId() ? result.newOrderId() : result.orderId());
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "command_ack");
            g.writeStringProperty("request_id", requestId);
            g.writeStringProperty("idempotency_key", idempotencyKey);
            g.writeStringProperty("action", action);
            if (0 != result.newOrderId())
            {
                g.writeStringProperty("original_order_id", Long.toString(result.orderId()));
                g.writeStringProperty("new_order_id", Long.toString(result.newOrderId()));
            }
            g.writeStringProperty("order_id", Long.toString(
                0 != result.newOrderId() ? result.newOrderId() : result.orderId()));
            g.writeStringProperty("client_order_id", null == order ? null : order.clientOrderId());
            g.writeStringProperty("status", CommandRequest.lower(result.orderStatus()));
            if (null != reason)
            {
                g.writeStringProperty("reject_reason", reason.wireName());
            }
            g.writeBooleanProperty("replayed", result.replayed());
            g.writeEndObject();
        });
    }
}
