package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import tools.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Turns the fields of a Stabyl order command (WebSocket {@code command} or REST body) into a canonical command,
 * checking every field against the market: a bad field is a {@link FieldException} naming it.
 */
final class CommandRequest
{
    private static final int MAX_ID_LENGTH = 64;

    private CommandRequest()
    {
    }

    /** A field that is missing or wrong; the message is fit for the client. */
    static final class FieldException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldException(final String field, final String message)
        {
            super(message, null, false, false);
            this.field = field;
        }
    }

    static Command orderCreate(final JsonNode body, final long accountId, final Markets markets, final String key)
    {
        final String pairId = requiredText(body, "pair_id");
        final Market market = markets.byPair(pairId);
        if (null == market)
        {
            throw new FieldException("pair_id", "unknown pair_id " + pairId);
        }
        final Side side = switch (requiredText(body, "side"))
        {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new FieldException("side", "side must be buy or sell");
        };
        final OrderType type = switch (requiredText(body, "order_type"))
        {
            case "limit" -> OrderType.LIMIT;
            case "market" -> OrderType.MARKET;
            default -> throw new FieldException("order_type", "order_type must be limit or market");
        };
        final long quantity = quantity(body, "quantity", market, true);
        long price = 0;
        TimeInForce tif = TimeInForce.IOC;
        if (OrderType.LIMIT == type)
        {
            price = price(body, "price", market, true);
            tif = timeInForce(body);
        }
        else if (body.has("price") && !body.get("price").isNull())
        {
            throw new FieldException("price", "a market order takes no price");
        }
        else if (body.has("time_in_force") && !body.get("time_in_force").isNull())
        {
            throw new FieldException("time_in_force", "a market order takes no time_in_force");
        }
        final String clientOrderId = optionalId(body, "client_order_id");
        return new PlaceOrder(accountId, market.pairId(), side, type, tif, price, quantity, clientOrderId, null, key);
    }

    static Command orderCancel(final JsonNode body, final long accountId, final String key)
    {
        final long orderId = optionalOrderId(body, "order_id");
        final String clientOrderId = optionalId(body, "client_order_id");
        if (0 == orderId && null == clientOrderId)
        {
            throw new FieldException("order_id", "order_id or client_order_id is required");
        }
        return new CancelOrder(accountId, orderId, clientOrderId, CancelReason.USER, key);
    }

    static Command orderReplace(
        final JsonNode body, final long accountId, final Markets markets, final StabylProjection projection,
        final String key)
    {
        final long orderId = optionalOrderId(body, "order_id");
        if (0 == orderId)
        {
            throw new FieldException("order_id", "order_id is required");
        }
        final OrderRecord order = projection.order(orderId);
        // An unknown or foreign order has no market to check the fields against; the engine answers NOT_FOUND.
        final Market market = null == order || order.accountId() != accountId ? null : markets.byPair(order.pairId());
        final long price = null == market ? 0 : price(body, "price", market, false);
        final long quantity = null == market ? 0 : quantity(body, "quantity", market, false);
        return new ReplaceOrder(accountId, orderId, price, quantity, optionalId(body, "client_order_id"), key);
    }

    private static TimeInForce timeInForce(final JsonNode body)
    {
        final JsonNode node = body.get("time_in_force");
        if (null == node || node.isNull())
        {
            return TimeInForce.GTC;
        }
        if (!node.isString())
        {
            throw new FieldException("time_in_force", "time_in_force must be a string");
        }
        return switch (node.asString())
        {
            case "GTC" -> TimeInForce.GTC;
            case "IOC" -> TimeInForce.IOC;
            case "FOK" -> TimeInForce.FOK;
            case "POST_ONLY" -> TimeInForce.POST_ONLY;
            default -> throw new FieldException("time_in_force", "time_in_force must be GTC, IOC, FOK or POST_ONLY");
        };
    }

    private static long price(final JsonNode body, final String field, final Market market, final boolean required)
    {
        final String text = required ? requiredText(body, field) : optionalText(body, field);
        if (null == text)
        {
            return 0;
        }
        final long price = decimal(text, field, market.priceScale());
        if (price <= 0)
        {
            throw new FieldException(field, field + " must be positive");
        }
        if (price % market.spec().tickSize() != 0)
        {
            throw new FieldException(field, field + " must be a multiple of "
                + Decimals.format(market.spec().tickSize(), market.priceScale()));
        }
        return price;
    }

    private static long quantity(
        final JsonNode body, final String field, final Market market, final boolean required)
    {
        final String text = required ? requiredText(body, field) : optionalText(body, field);
        if (null == text)
        {
            return 0;
        }
        final int scale = market.quantityScale();
        final long quantity = decimal(text, field, scale);
        if (quantity <= 0)
        {
            throw new FieldException(field, field + " must be positive");
        }
        if (quantity % market.spec().lotSize() != 0)
        {
            throw new FieldException(field, field + " must be a multiple of "
                + Decimals.format(market.spec().lotSize(), scale));
        }
        if (quantity < market.spec().minQuantity())
        {
            throw new FieldException(field, field + " must be at least "
                + Decimals.format(market.spec().minQuantity(), scale));
        }
        if (quantity > market.spec().maxQuantity())
        {
            throw new FieldException(field, field + " must be at most "
                + Decimals.format(market.spec().maxQuantity(), scale));
        }
        return quantity;
    }

    private static long decimal(final String text, final String field, final int scale)
    {
        try
        {
            return Decimals.parse(text, scale);
        }
        catch (final NumberFormatException e)
        {
            throw new FieldException(field, field + ": " + e.getMessage());
        }
    }

    private static long optionalOrderId(final JsonNode body, final String field)
    {
        final String text = optionalText(body, field);
        if (null == text)
        {
            return 0;
        }
        try
        {
            final long id = Long.parseLong(text);
            if (id <= 0)
            {
                throw new NumberFormatException();
            }
            return id;
        }
        catch (final NumberFormatException e)
        {
            throw new FieldException(field, field + " must be an order id");
        }
    }

    private static String optionalId(final JsonNode body, final String field)
    {
        final String text = optionalText(body, field);
        if (null != text && !isPrintableId(text))
        {
            throw new FieldException(field, field + " must be 1-64 printable ASCII characters");
        }
        return text;
    }

    /** Whether the text is 1-64 printable ASCII characters, as request ids and keys must be. */
    static boolean isPrintableId(final String text)
    {
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e)
            {
                return false;
            }
        }
        return true;
    }

    static String requiredText(final JsonNode body, final String field)
    {
        final String text = optionalText(body, field);
        if (null == text)
        {
            throw new FieldException(field, field + " is required");
        }
        return text;
    }

    static String optionalText(final JsonNode body, final String field)
    {
        final JsonNode node = body.get(field);
        if (null == node || node.isNull())
        {
            return null;
        }
        if (!node.isString())
        {
            throw new FieldException(field, field + " must be a string");
        }
        return node.asString();
    }

    static String lower(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
