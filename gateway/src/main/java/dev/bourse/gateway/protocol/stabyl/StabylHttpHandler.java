package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.limit.AbuseMeter;
import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.gateway.limit.TokenBucket;
import dev.bourse.gateway.market.CandleInterval;
import dev.bourse.gateway.market.CandleSeries;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import dev.bourse.gateway.net.HttpReplies;
import dev.bourse.gateway.net.ReplyPolling;
import dev.bourse.gateway.stream.History;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.Sequencer;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Stabyl HTTP entry: upgrades {@code /v1/ws} to a WebSocket after checking the API key, and serves the REST
 * routes under {@code /v1/partner}. Runs on the connection's event loop and never blocks: writes go to the sequencer
 * and are answered from its callback.
 */
public final class StabylHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final String WS_PATH = "/v1/ws";
    private static final String REST_PREFIX = "/v1/partner";
    // A frame or message beyond the limit is refused before it is read whole, whatever length it declares.
    private static final int MAX_FRAME_BYTES = StabylSession.MAX_MESSAGE_BYTES;

    private final StabylContext context;
    private final StabylProjection projection;
    private final Sequencer sequencer;
    private final TokenBucket requests;
    private final AbuseMeter abuse;

    /** A handler for one connection. */
    public StabylHttpHandler(final StabylContext context)
    {
        this.context = context;
        this.projection = context.projection();
        this.sequencer = context.sequencer();
        final RateLimits limits = context.config().rateLimits();
        this.requests = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), System.nanoTime());
        this.abuse = new AbuseMeter(limits.messagesPerSecond(), limits.abuseSeconds());
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        context.metrics().messageIn(StabylContext.PROTOCOL, "rest");
        if (!request.decoderResult().isSuccess())
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("invalid_request", "malformed HTTP request"));
            return;
        }
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (WS_PATH.equals(uri.path()))
        {
            upgrade(ctx, request, uri);
        }
        else if (uri.rawPath().startsWith(REST_PREFIX + "/"))
        {
            rest(ctx, request, uri);
        }
        else
        {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "no such route"));
        }
    }

    // ------------------------------------------------------------------------------------------ WebSocket

    private void upgrade(final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri)
    {
        String key = firstOf(uri.parameters().get("token"));
        if (null == key)
        {
            key = apiKeyHeader(request);
        }
        ApiKeys.Principal principal = null;
        if (null != key)
        {
            principal = projection.apiKeys().authenticate(key);
            if (null == principal)
            {
                respond(ctx, request, HttpResponseStatus.UNAUTHORIZED,
                    error("unauthorized", "unknown or revoked API key"));
                return;
            }
        }
        final WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
            "ws://" + request.headers().get(HttpHeaderNames.HOST) + WS_PATH, null,
            WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME_BYTES).allowExtensions(false)
                // The session closes, with message_too_large first where the limit was the cause.
                .closeOnProtocolViolation(false)
                // Text is checked for UTF-8 once the message is whole, by the session (Utf8).
                .withUTF8Validator(false).build());
        final WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (null == handshaker)
        {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        final String cancelOnDisconnect = firstOf(uri.parameters().get("cancel_on_disconnect"));
        if (null != cancelOnDisconnect && !cancelOnDisconnect.equals("true") && !cancelOnDisconnect.equals("false"))
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                error("invalid_request", "cancel_on_disconnect must be true or false"));
            return;
        }
        if (null == principal && "true".equals(cancelOnDisconnect))
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                error("invalid_request", "cancel_on_disconnect needs an API key"));
            return;
        }
        final StabylSession session = new StabylSession(context, principal, "true".equals(cancelOnDisconnect));
        handshaker.handshake(ctx.channel(), request).addListener(f ->
        {
            if (f.isSuccess())
            {
                ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME_BYTES));
                ctx.pipeline().addLast("stabyl", session);
                ctx.pipeline().remove(this);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ REST

    private void rest(final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri)
    {
        // Split the raw path: a pair may come as USD%2FNGN, whose slash must not split it.
        final String path = uri.rawPath().substring(REST_PREFIX.length());
        final String[] parts = path.substring(1).split("/");
        final HttpMethod method = request.method();
        final Markets markets = projection.markets();
        // A cancel spends only its account's cancel budget, so that a client can always reduce its risk.
        final boolean cancel = HttpMethod.POST.equals(method) && parts.length > 1 && parts[0].equals("exchange")
            && parts[1].equals("orders") && "order_cancel".equals(writeAction(parts));
        if (!cancel && limited(ctx, request, "connection", requests.tryTake(System.nanoTime()),
            "this connection sends more than " + context.config().rateLimits().messagesPerSecond()
                + " requests a second"))
        {
            return;
        }
        if (HttpMethod.GET.equals(method) && path.equals("/exchange/markets"))
        {
            respond(ctx, request, HttpResponseStatus.OK, success(g ->
            {
                g.writeName("markets");
                g.writeStartArray();
                for (final Market m : markets.all())
                {
                    writeMarket(g, m);
                }
                g.writeEndArray();
            }));
            return;
        }
        if (HttpMethod.GET.equals(method) && parts.length == 4 && parts[0].equals("exchange")
            && parts[1].equals("orderbook") && parts[3].equals("snapshot"))
        {
            final Market market = pathMarket(parts[2]);
            if (null == market)
            {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "unknown pair " + parts[2]));
                return;
            }
            respond(ctx, request, HttpResponseStatus.OK, projection.feeds(market.id()).book.restSnapshot(
                projection.epoch()));
            return;
        }
        if (HttpMethod.GET.equals(method) && (path.equals("/exchange/trades") || path.equals("/exchange/ticker/24h")
            || path.equals("/exchange/candles")))
        {
            marketData(ctx, request, uri, path);
            return;
        }
        // Everything else is private.
        final ApiKeys.Principal principal = projection.apiKeys().authenticate(apiKeyHeader(request));
        if (null == principal)
        {
            respond(ctx, request, HttpResponseStatus.UNAUTHORIZED,
                error("UNAUTHORIZED", "a valid X-Api-Key header is required"));
            return;
        }
        if (parts.length >= 2 && parts[0].equals("exchange") && parts[1].equals("orders"))
        {
            orders(ctx, request, uri, parts, principal);
            return;
        }
        if (HttpMethod.GET.equals(method) && path.equals("/exchange/fills"))
        {
            fills(ctx, request, uri, principal);
            return;
        }
        if (HttpMethod.GET.equals(method) && path.equals("/wallets/balances/overview"))
        {
            if (!principal.may(Permission.EXCHANGE_READ))
            {
                forbidden(ctx, request, Permission.EXCHANGE_READ);
                return;
            }
            respond(ctx, request, HttpResponseStatus.OK, success(g ->
            {
                g.writeName("balances");
                g.writeStartArray();
                for (final Map.Entry<Integer, long[]> b : projection.balances(principal.accountId()).entrySet())
                {
                    final Markets.Asset asset = markets.asset(b.getKey());
                    g.writeStartObject();
                    g.writeStringProperty("asset", asset.code());
                    g.writeStringProperty("available", Decimals.format(b.getValue()[0], asset.scale()));
                    g.writeStringProperty("locked", Decimals.format(b.getValue()[1], asset.scale()));
                    g.writeStringProperty("total",
                        Decimals.format(b.getValue()[0] + b.getValue()[1], asset.scale()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }));
            return;
        }
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "no such route"));
    }

    private void orders(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri,
        final String[] parts, final ApiKeys.Principal principal)
    {
        final HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method))
        {
            if (!principal.may(Permission.EXCHANGE_READ))
            {
                forbidden(ctx, request, Permission.EXCHANGE_READ);
                return;
            }
            if (parts.length == 2)
            {
                listOrders(ctx, request, uri, principal);
                return;
            }
            if (parts.length == 3)
            {
                final OrderRecord order = ownOrder(parts[2], principal);
                if (null == order)
                {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "no such order"));
                    return;
                }
                respond(ctx, request, HttpResponseStatus.OK, success(g ->
                {
                    g.writeName("order");
                    g.writeRawValue(new String(order.json(), StandardCharsets.UTF_8));
                    g.writeName("fills");
                    g.writeStartArray();
                    for (final History.Item f : projection.fills(principal.accountId(), Integer.MAX_VALUE,
                        f -> f.key() == order.id()))
                    {
                        g.writeRawValue(new String(f.json(), StandardCharsets.UTF_8));
                    }
                    g.writeEndArray();
                }));
                return;
            }
        }
        if (HttpMethod.POST.equals(method))
        {
            final String action = writeAction(parts);
            if (null != action)
            {
                write(ctx, request, parts, principal, action);
                return;
            }
        }
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "no such route"));
    }

    // The command a POST to /exchange/orders[/{id}/{verb}] asks for, or null when the path names none.
    private static String writeAction(final String[] parts)
    {
        return parts.length == 2 ? "order_create"
            : parts.length == 4 && parts[3].equals("cancel") ? "order_cancel"
            : parts.length == 4 && parts[3].equals("replace") ? "order_replace" : null;
    }

    private void listOrders(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri,
        final ApiKeys.Principal principal)
    {
        final String status = firstOf(uri.parameters().get("status"));
        final String pairId = firstOf(uri.parameters().get("pair_id"));
        final int limit;
        final int offset;
        try
        {
            limit = intParameter(uri, "limit", 100, 1, 1000);
            offset = intParameter(uri, "offset", 0, 0, Integer.MAX_VALUE);
        }
        catch (final IllegalArgumentException e)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("VALIDATION_FAILED", e.getMessage()));
            return;
        }
        // The pair in any of the forms a path takes; a filter naming no pair or status that exists is an error, not
        // an empty list.
        final Market market = null == pairId ? null : pathMarket(pairId);
        if (null != pairId && null == market)
        {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "unknown pair " + pairId));
            return;
        }
        final OrderStatus wanted = null == status ? null : orderStatus(status);
        if (null != status && null == wanted)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("VALIDATION_FAILED",
                "status must be one of " + Arrays.stream(OrderStatus.values()).map(CommandRequest::lower).toList()));
            return;
        }
        final List<OrderRecord> selected = projection.orders(principal.accountId(), offset, limit,
            o -> (null == wanted || wanted == o.status()) && (null == market || market.id() == o.marketId));
        respond(ctx, request, HttpResponseStatus.OK, success(g ->
        {
            g.writeName("orders");
            g.writeStartArray();
            for (final OrderRecord o : selected)
            {
                g.writeRawValue(new String(o.json(), StandardCharsets.UTF_8));
            }
            g.writeEndArray();
        }));
    }

    private void write(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final String[] parts,
        final ApiKeys.Principal principal, final String action)
    {
        final Permission needed = action.equals("order_create") ? Permission.ORDERS_CREATE : Permission.ORDERS_EXECUTE;
        if (!principal.may(needed))
        {
            forbidden(ctx, request, needed);
            return;
        }
        final long waitNanos = context.accountLimiter().tryTake(principal.accountId(), action.equals("order_cancel"),
            System.nanoTime());
        if (limited(ctx, request, "account", waitNanos, "this account sends more than its budget of "
            + (action.equals("order_cancel") ? "cancels" : "commands") + " a second"))
        {
            return;
        }
        final String key = request.headers().get("Idempotency-Key");
        if (null == key || !CommandRequest.isPrintableId(key))
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("VALIDATION_FAILED",
                "header Idempotency-Key is required: 1-64 printable ASCII characters"));
            return;
        }
        JsonNode body;
        try
        {
            final byte[] bytes = ByteBufUtil.getBytes(request.content());
            body = bytes.length == 0 && !action.equals("order_create") ? Json.parse("{}".getBytes(StandardCharsets.UTF_8))
                : Json.parse(bytes);
        }
        catch (final JacksonException e)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                error("VALIDATION_FAILED", "body is not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        if (!body.isObject())
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                error("VALIDATION_FAILED", "body must be a JSON object"));
            return;
        }
        final Command command;
        try
        {
            if (!action.equals("order_create"))
            {
                body = ((tools.jackson.databind.node.ObjectNode)body).put("order_id", parts[2]);
            }
            command = switch (action)
            {
                case "order_create" -> CommandRequest.orderCreate(body, principal.accountId(), projection.markets(),
                    key);
                case "order_cancel" -> CommandRequest.orderCancel(body, principal.accountId(), key);
                default -> CommandRequest.orderReplace(body, principal.accountId(), projection.markets(), projection,
                    key);
            };
        }
        catch (final CommandRequest.FieldException e)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                HttpReplies.error("VALIDATION_FAILED", e.getMessage(), e.field, 0));
            return;
        }
        request.retain();
        final boolean queued = sequencer.trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                // The order is read here, as this command left it; the answer is rendered by the event loop, woken
                // once per batch as for WebSocket replies: the publisher thread serves every connection.
                final OrderRecord order = projection.order(CommandReply.orderId(result));
                context.sessions().wakeUps().drainLater(ctx.channel().eventLoop(), () ->
                {
                    try
                    {
                        final CommandReply.Refusal refusal = CommandReply.refusal(command, result);
                        if (null == refusal)
                        {
                            respond(ctx, request, HttpResponseStatus.OK, writeAnswer(action, result, order));
                        }
                        else
                        {
                            respond(ctx, request, status(refusal), error(refusal.code(), refusal.message()));
                        }
                    }
                    finally
                    {
                        request.release();
                        ReplyPolling.repliesSettled(1);
                    }
                });
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                ctx.executor().execute(() ->
                {
                    ReplyPolling.repliesSettled(1);
                    unavailable(ctx, request);
                });
            }
        });
        if (queued)
        {
            // Every command is answered by exactly one task on this loop, which settles it.
            ReplyPolling.replyAwaited();
            return;
        }
        if (null != sequencer.failure())
        {
            unavailable(ctx, request);
        }
        else
        {
            request.release();
            reply(ctx, request, tooMany(1, "the exchange is busy; retry shortly"));
        }
    }

    // Not executed, and nothing can be recorded until the venue is restarted: the client retries then, with the same
    // key. No Retry-After: a retry in a second would meet the same answer. Releases the request.
    private void unavailable(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
            error("UNAVAILABLE", "the exchange could not record the command; it was not executed"));
        request.release();
    }

    // On refusal (waitNanos > 0) answers 429, or closes the connection after sustained abuse, and returns true.
    private boolean limited(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final String scope, final long waitNanos,
        final String why)
    {
        if (0 == waitNanos)
        {
            return false;
        }
        context.metrics().rateLimited(StabylContext.PROTOCOL, scope);
        final long retryAfterMillis = AccountLimiter.toMillis(waitNanos);
        if (abuse.refused(System.nanoTime()))
        {
            final FullHttpResponse response = tooMany(retryAfterMillis, why + "; closing after sustained abuse");
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return true;
        }
        reply(ctx, request, tooMany(retryAfterMillis, why));
        return true;
    }

    // A 429 says when to come back in both its header and its body, also when the connection closes after it.
    private FullHttpResponse tooMany(final long retryAfterMillis, final String why)
    {
        final FullHttpResponse response = response(HttpResponseStatus.TOO_MANY_REQUESTS,
            HttpReplies.error("RATE_LIMITED", why, null, retryAfterMillis));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString((retryAfterMillis + 999) / 1000));
        return response;
    }

    private void marketData(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri, final String path)
    {
        final String pairId = firstOf(uri.parameters().get("pair_id"));
        final Market market = null == pairId ? null : pathMarket(pairId);
        if (null == market)
        {
            respond(ctx, request, null == pairId ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND,
                error(null == pairId ? "VALIDATION_FAILED" : "NOT_FOUND",
                    null == pairId ? "pair_id is required" : "unknown pair " + pairId));
            return;
        }
        final MarketFeeds feeds = projection.feeds(market.id());
        if (path.endsWith("/ticker/24h"))
        {
            final String ticker = new String(feeds.lastTicker(), StandardCharsets.UTF_8);
            respond(ctx, request, HttpResponseStatus.OK, success(g ->
            {
                g.writeName("ticker");
                g.writeRawValue(ticker);
            }));
            return;
        }
        final CandleInterval interval = CandleInterval.of(firstOf(uri.parameters().get("interval")));
        final boolean candles = path.endsWith("/candles");
        final int limit;
        try
        {
            limit = intParameter(uri, "limit", 100, 1, candles ? CandleSeries.KEPT : MarketFeeds.TRADES_KEPT);
            if (candles && null == interval)
            {
                throw new IllegalArgumentException("interval must be one of 1m, 5m, 15m, 1h, 4h, 1d");
            }
        }
        catch (final IllegalArgumentException e)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("VALIDATION_FAILED", e.getMessage()));
            return;
        }
        if (candles)
        {
            final List<CandleSeries.Candle> list = feeds.series(interval).latest(limit);
            respond(ctx, request, HttpResponseStatus.OK, success(g ->
            {
                g.writeName("candles");
                g.writeStartArray();
                for (final CandleSeries.Candle c : list)
                {
                    g.writeRawValue(new String(feeds.candleJson(interval, c), StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
            return;
        }
        final List<History.Item> trades = feeds.recentTrades.newest(limit, t -> true);
        respond(ctx, request, HttpResponseStatus.OK, success(g -> writeItems(g, "trades", trades)));
    }

    private void fills(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryStringDecoder uri,
        final ApiKeys.Principal principal)
    {
        if (!principal.may(Permission.EXCHANGE_READ))
        {
            forbidden(ctx, request, Permission.EXCHANGE_READ);
            return;
        }
        final String pairId = firstOf(uri.parameters().get("pair_id"));
        final Market market = null == pairId ? null : pathMarket(pairId);
        if (null != pairId && null == market)
        {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", "unknown pair " + pairId));
            return;
        }
        final int limit;
        try
        {
            limit = intParameter(uri, "limit", 100, 1, 1000);
        }
        catch (final IllegalArgumentException e)
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("VALIDATION_FAILED", e.getMessage()));
            return;
        }
        final List<History.Item> fills = projection.fills(principal.accountId(), limit,
            f -> null == market || market.pairId().equals(f.tag()));
        respond(ctx, request, HttpResponseStatus.OK, success(g -> writeItems(g, "fills", fills)));
    }

    private static void writeItems(final JsonGenerator g, final String name, final List<History.Item> items)
    {
        g.writeName(name);
        g.writeStartArray();
        for (final History.Item item : items)
        {
            g.writeRawValue(new String(item.json(), StandardCharsets.UTF_8));
        }
        g.writeEndArray();
    }

    /**
     * The acknowledgement of a command, the same on a retry: its time is when the order was created (create, replace)
     * or cancelled (a cancelled order never changes again); null once the order is no longer kept.
     */
    private static byte[] writeAnswer(
        final String action, final EngineEvent.CommandResult result, final OrderRecord order)
    {
        final String at = null == order ? null
            : Timestamps.format("order_cancel".equals(action) ? order.updatedAt() : order.createdAt);
        return success(g ->
        {
            switch (action)
            {
                case "order_create" ->
                {
                    g.writeStringProperty("order_id", Long.toString(result.orderId()));
                    g.writeStringProperty("status", CommandRequest.lower(result.orderStatus()));
                    g.writeStringProperty("created_at", at);
                    if (null != result.reason())
                    {
                        g.writeStringProperty("reject_reason", result.reason().wireName());
                    }
                }
                case "order_cancel" ->
                {
                    g.writeStringProperty("order_id", Long.toString(result.orderId()));
                    g.writeStringProperty("status", CommandRequest.lower(result.orderStatus()));
                    g.writeStringProperty("cancelled_at", at);
                }
                default ->
                {
                    g.writeStringProperty("original_order_id", Long.toString(result.orderId()));
                    g.writeStringProperty("new_order_id", Long.toString(result.newOrderId()));
                    g.writeStringProperty("status", CommandRequest.lower(result.orderStatus()));
                    g.writeStringProperty("replaced_at", at);
                }
            }
        });
    }

    private static HttpResponseStatus status(final CommandReply.Refusal refusal)
    {
        return switch (refusal.code())
        {
            case "CONFLICT" -> HttpResponseStatus.CONFLICT;
            case "NOT_FOUND" -> HttpResponseStatus.NOT_FOUND;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    private OrderRecord ownOrder(final String id, final ApiKeys.Principal principal)
    {
        try
        {
            final OrderRecord order = projection.order(Long.parseLong(id));
            // Another account's order is reported as missing: its existence is not this caller's business.
            return null == order || order.accountId() != principal.accountId() ? null : order;
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    private static OrderStatus orderStatus(final String wireName)
    {
        for (final OrderStatus s : OrderStatus.values())
        {
            if (CommandRequest.lower(s).equalsIgnoreCase(wireName))
            {
                return s;
            }
        }
        return null;
    }

    private Market pathMarket(final String segment)
    {
        final String decoded = URLDecoder.decode(segment, StandardCharsets.UTF_8);
        final Market byPair = projection.markets().byPair(decoded.toUpperCase(Locale.ROOT));
        return null != byPair ? byPair : projection.markets().byTopicKey(decoded);
    }

    private static void writeMarket(final JsonGenerator g, final Market m)
    {
        final int ps = m.priceScale();
        final int qs = m.quantityScale();
        g.writeStartObject();
        g.writeStringProperty("pair_id", m.pairId());
        g.writeStringProperty("topic_key", m.topicKey());
        g.writeStringProperty("base", m.spec().base());
        g.writeStringProperty("quote", m.spec().quote());
        g.writeStringProperty("status", m.status().name().toLowerCase(Locale.ROOT));
        g.writeStringProperty("tick_size", Decimals.format(m.spec().tickSize(), ps));
        g.writeStringProperty("lot_size", Decimals.format(m.spec().lotSize(), qs));
        g.writeStringProperty("min_quantity", Decimals.format(m.spec().minQuantity(), qs));
        g.writeStringProperty("max_quantity", Decimals.format(m.spec().maxQuantity(), qs));
        g.writeStringProperty("min_notional", Decimals.format(m.spec().minNotional(), ps + qs));
        g.writeName("order_types");
        g.writeStartArray();
        g.writeString("limit");
        g.writeString("market");
        g.writeEndArray();
        g.writeName("time_in_force");
        g.writeStartArray();
        for (final String tif : new String[] {"GTC", "IOC", "FOK", "POST_ONLY"})
        {
            g.writeString(tif);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static int intParameter(
        final QueryStringDecoder uri, final String name, final int defaultValue, final int min, final int max)
    {
        final String text = firstOf(uri.parameters().get(name));
        if (null == text)
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(text);
            if (value < min || value > max)
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max);
        }
    }

    private static String apiKeyHeader(final FullHttpRequest request)
    {
        final String header = request.headers().get("X-Api-Key");
        if (null != header)
        {
            return header;
        }
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return null != authorization && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim() : null;
    }

    private static String firstOf(final List<String> values)
    {
        return null == values || values.isEmpty() ? null : values.get(0);
    }

    private void forbidden(final ChannelHandlerContext ctx, final FullHttpRequest request, final Permission needed)
    {
        respond(ctx, request, HttpResponseStatus.FORBIDDEN,
            error("FORBIDDEN", "this API key lacks " + needed.wireName()));
    }

    private static byte[] success(final java.util.function.Consumer<JsonGenerator> data)
    {
        return HttpReplies.success(data);
    }

    private static byte[] error(final String code, final String message)
    {
        return HttpReplies.error(code, message);
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final byte[] body)
    {
        return HttpReplies.response(status, HttpReplies.JSON, body);
    }

    private void respond(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status,
        final byte[] body)
    {
        reply(ctx, request, response(status, body));
    }

    private void reply(final ChannelHandlerContext ctx, final FullHttpRequest request, final FullHttpResponse response)
    {
        context.metrics().messageOut(StabylContext.PROTOCOL, "rest");
        HttpReplies.send(ctx, request, response);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }
}
