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

    /** Why a command was refused without creating an order, in Stabyl's uppercase codes; REST and WS share it. */
    record Refusal(String code, String message, String field)
    {
    }

    /** The refusal, or null when the command is acknowledged (a rejected new order is acknowledged too). */
    static Refusal refusal(final Command command, final EngineEvent.CommandResult result)
    {
        if (Outcome.ACCEPTED == result.outcome() || command instanceof PlaceOrder && 0 != result.orderId())
        {
            return null;
        }
        return switch (result.reason())
        {
            case IDEMPOTENCY_CONFLICT -> new Refusal("CONFLICT",
                "the idempotency key was used for a different command", null);
            case ORDER_NOT_FOUND -> new Refusal("NOT_FOUND", "no such open order", "order_id");
            case DUPLICATE_CLIENT_ORDER_ID -> new Refusal("CONFLICT",
                "client_order_id is already used by an open order", "client_order_id");
            default -> new Refusal("VALIDATION_FAILED", result.reason().wireName(), null);
        };
    }

    /** The order a result is about: the new order of a replace, else the order created or cancelled. */
    static long orderId(final EngineEvent.CommandResult result)
    {
        return 0 != result.newOrderId() ? result.newOrderId() : result.orderId();
    }

    /** The client order id of the order a result is about, read while the projection is at that command. */
    static String clientOrderId(final EngineEvent.CommandResult result, final StabylProjection projection)
    {
        final OrderRecord order = projection.order(orderId(result));
        return null == order ? null : order.clientOrderId();
    }

    static byte[] render(
        final String requestId, final String idempotencyKey, final String action, final Command command,
        final EngineEvent.CommandResult result, final String clientOrderId)
    {
        final Refusal refusal = refusal(command, result);
        if (null != refusal)
        {
            return StabylFrames.commandError(requestId, action, refusal.code(), refusal.message(), refusal.field(), 0);
        }
        final RejectReason reason = result.reason();
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
            g.writeStringProperty("order_id", Long.toString(orderId(result)));
            g.writeStringProperty("client_order_id", clientOrderId);
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
