package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.gateway.stream.Subscriber;
import dev.bourse.gateway.stream.Topic;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.Sequencer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Stabyl WebSocket connection: parses client messages on the event loop, keeps the subscriptions, submits
 * commands to the sequencer and answers them once durable. It is the subscriber of its topics; frames from the
 * engine thread go through a bounded count of unwritten frames, and a connection past it is closed as a slow
 * consumer rather than allowed to grow memory.
 */
public final class StabylSession extends SimpleChannelInboundHandler<WebSocketFrame> implements Subscriber
{
    /** Topics one connection may hold. */
    public static final int MAX_TOPICS = 50;
    /** Largest client message, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final StabylProjection projection;
    private final Sequencer sequencer;
    private final ApiKeys.Principal principal;
    private final int maxPendingFrames;
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final Map<String, Topic> subscriptions = new LinkedHashMap<>();
    private volatile Channel channel;
    private volatile boolean lagging;

    /**
     * A session for one connection.
     *
     * @param principal        the authenticated key, or null for a public connection.
     * @param maxPendingFrames frames queued to this connection at most before it is closed as a slow consumer.
     */
    public StabylSession(
        final StabylProjection projection, final Sequencer sequencer, final ApiKeys.Principal principal,
        final int maxPendingFrames)
    {
        this.projection = projection;
        this.sequencer = sequencer;
        this.principal = principal;
        this.maxPendingFrames = maxPendingFrames;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        for (final Topic topic : subscriptions.values())
        {
            topic.unsubscribe(this);
        }
        subscriptions.clear();
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (frame instanceof PingWebSocketFrame)
        {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            return;
        }
        if (frame instanceof CloseWebSocketFrame)
        {
            ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(frame instanceof TextWebSocketFrame))
        {
            if (!(frame instanceof PongWebSocketFrame))
            {
                send(StabylFrames.error("invalid_message", "only text frames of JSON are accepted", 0));
            }
            return;
        }
        final byte[] bytes = ByteBufUtil.getBytes(frame.content());
        if (bytes.length > MAX_MESSAGE_BYTES)
        {
            ctx.writeAndFlush(frame(StabylFrames.error("message_too_large",
                "a message may have at most " + MAX_MESSAGE_BYTES + " bytes", 0)));
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        final JsonNode message;
        try
        {
            message = Json.parse(bytes);
        }
        catch (final JacksonException e)
        {
            send(StabylFrames.error("invalid_message", "not valid JSON: " + e.getOriginalMessage(), 0));
            return;
        }
        if (!message.isObject())
        {
            send(StabylFrames.error("invalid_message", "a message must be a JSON object", 0));
            return;
        }
        final JsonNode type = message.get("type");
        if (null == type || !type.isString())
        {
            send(StabylFrames.error("invalid_message", "type must be a string", 0));
            return;
        }
        switch (type.asString())
        {
            case "ping" -> ping(message);
            case "subscribe" -> subscribe(message);
            case "unsubscribe" -> unsubscribe(message);
            case "command" -> command(message);
            default -> send(StabylFrames.error("unknown_type", "unknown type " + type.asString(), 0));
        }
    }

    private void ping(final JsonNode message)
    {
        final JsonNode id = message.get("id");
        send(Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "pong");
            if (null != id && !id.isNull())
            {
                g.writeName("id");
                g.writePOJO(id);
            }
            g.writeStringProperty("ts", Timestamps.format(System.currentTimeMillis() * 1_000_000L));
            g.writeEndObject();
        }));
    }

    // ------------------------------------------------------------------------------------------ subscriptions

    private List<String> topicList(final JsonNode message)
    {
        final JsonNode topics = message.get("topics");
        if (null == topics || !topics.isArray())
        {
            send(StabylFrames.error("invalid_message", "topics must be an array of strings", 0));
            return null;
        }
        final List<String> names = new ArrayList<>();
        for (final JsonNode t : topics)
        {
            if (!t.isString())
            {
                send(StabylFrames.error("invalid_message", "topics must be an array of strings", 0));
                return null;
            }
            names.add(t.asString());
        }
        return names;
    }

    private void subscribe(final JsonNode message)
    {
        final List<String> requested = topicList(message);
        if (null == requested)
        {
            return;
        }
        final JsonNode snapshotNode = message.get("snapshot");
        if (null != snapshotNode && !snapshotNode.isBoolean())
        {
            send(StabylFrames.error("invalid_message", "snapshot must be a boolean", 0));
            return;
        }
        final JsonNode resume = message.get("resume");
        if (null != resume && !resume.isObject())
        {
            send(StabylFrames.error("invalid_message", "resume must be an object", 0));
            return;
        }
        final boolean wantSnapshot = null != snapshotNode && snapshotNode.asBoolean();
        // Atomic: resolve every topic first; the first bad one refuses the whole request.
        final Map<String, Topic> resolved = new LinkedHashMap<>();
        for (final String name : requested)
        {
            final Resolution r = resolve(name);
            if (null != r.errorCode)
            {
                send(StabylFrames.error(r.errorCode, r.errorMessage, 0));
                return;
            }
            resolved.put(r.name, r.topic);
        }
        int total = subscriptions.size();
        for (final String name : resolved.keySet())
        {
            if (!subscriptions.containsKey(name))
            {
                total++;
            }
        }
        if (total > MAX_TOPICS)
        {
            send(StabylFrames.error("too_many_topics", "at most " + MAX_TOPICS + " topics per connection", 0));
            return;
        }
        final List<byte[]> snapshots = new ArrayList<>();
        final List<String> resumed = new ArrayList<>();
        final List<String[]> resumeFailed = new ArrayList<>();
        final List<Frame> replay = new ArrayList<>();
        for (final Map.Entry<String, Topic> e : resolved.entrySet())
        {
            final String name = e.getKey();
            final Topic topic = e.getValue();
            final JsonNode from = null == resume ? null : resume.get(name);
            if (null != from)
            {
                final String failure = resumeFrom(name, topic, from, replay, snapshots);
                if (null == failure)
                {
                    resumed.add(name);
                }
                else
                {
                    resumeFailed.add(new String[] {name, failure});
                }
            }
            else if (wantSnapshot && topic instanceof BookTopic book)
            {
                snapshots.add(book.subscribeWithSnapshot(this));
            }
            else
            {
                topic.subscribe(this);
            }
            subscriptions.put(name, topic);
        }
        send(Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "subscribed");
            g.writeName("topics");
            g.writeStartArray();
            for (final String name : resolved.keySet())
            {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeStringProperty("epoch", projection.epoch());
            if (!snapshots.isEmpty())
            {
                g.writeName("snapshots");
                g.writeStartArray();
                for (final byte[] s : snapshots)
                {
                    g.writeRawValue(new String(s, java.nio.charset.StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }
            if (!resumed.isEmpty())
            {
                g.writeName("resumed");
                g.writeStartArray();
                for (final String name : resumed)
                {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            if (!resumeFailed.isEmpty())
            {
                g.writeName("resume_failed");
                g.writeStartArray();
                for (final String[] f : resumeFailed)
                {
                    g.writeStartObject();
                    g.writeStringProperty("topic", f[0]);
                    g.writeStringProperty("reason", f[1]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }));
        for (final Frame f : replay)
        {
            send(f.bytes());
        }
    }

    // Returns null when resumed (missed frames added to replay), else the reason; subscribes either way.
    private String resumeFrom(
        final String name, final Topic topic, final JsonNode from, final List<Frame> replay, final List<byte[]> snapshots)
    {
        final JsonNode epochNode = from.get("epoch");
        final JsonNode seqNode = from.get("seq");
        final boolean sameEpoch = null != epochNode && epochNode.isString()
            && projection.epoch().equals(epochNode.asString());
        final long afterSeq = null != seqNode && seqNode.canConvertToLong() ? seqNode.asLong() : -1;
        if (!sameEpoch || afterSeq < 0)
        {
            subscribeFresh(topic, snapshots);
            return !sameEpoch ? "epoch_changed" : "too_old";
        }
        if (topic instanceof BookTopic book)
        {
            final byte[][] snapshot = new byte[1][];
            final List<Frame> missed = book.resume(this, afterSeq, snapshot);
            if (null == missed)
            {
                snapshots.add(snapshot[0]);
                return "too_old";
            }
            replay.addAll(missed);
            return null;
        }
        final List<Frame> missed = topic.subscribeAfter(this, afterSeq);
        if (null == missed)
        {
            return "too_old";
        }
        replay.addAll(missed);
        return null;
    }

    private void subscribeFresh(final Topic topic, final List<byte[]> snapshots)
    {
        if (topic instanceof BookTopic book)
        {
            snapshots.add(book.subscribeWithSnapshot(this));
        }
        else
        {
            topic.subscribe(this);
        }
    }

    private record Resolution(String name, Topic topic, String errorCode, String errorMessage)
    {
        static Resolution error(final String code, final String message)
        {
            return new Resolution(null, null, code, message);
        }
    }

    private Resolution resolve(final String requested)
    {
        final int dot = requested.indexOf('.');
        final String kind = dot < 0 ? requested : requested.substring(0, dot);
        final String rest = dot < 0 ? "" : requested.substring(dot + 1);
        if (requested.equals("user.orders") || requested.equals("user.fills"))
        {
            if (null == principal)
            {
                return Resolution.error("unauthorized", requested + " needs an API key");
            }
            if (!principal.may(Permission.EXCHANGE_READ))
            {
                return Resolution.error("forbidden", requested + " needs exchange:read");
            }
            final Topic topic = requested.equals("user.orders")
                ? projection.userOrdersTopic(principal.accountId())
                : projection.userFillsTopic(principal.accountId());
            return new Resolution(requested, topic, null, null);
        }
        if (rest.equals("*") && (kind.equals("orderbook") || kind.equals("trades")))
        {
            return kind.equals("orderbook")
                ? Resolution.error("wildcard_not_supported", "orderbook.* is not supported: name a pair")
                : Resolution.error("unknown_topic", "trades.* is not served yet: name a pair");
        }
        if (kind.equals("orderbook") || kind.equals("trades"))
        {
            final Market market = projection.markets().byTopicKey(rest);
            if (null == market)
            {
                return Resolution.error("unknown_topic", "unknown topic " + requested);
            }
            final Topic topic = kind.equals("orderbook")
                ? projection.bookTopic(market.id()) : projection.tradesTopic(market.id());
            return new Resolution(topic.name(), topic, null, null);
        }
        return Resolution.error("unknown_topic", "unknown topic " + requested);
    }

    private void unsubscribe(final JsonNode message)
    {
        final List<String> requested = topicList(message);
        if (null == requested)
        {
            return;
        }
        final List<String> removed = new ArrayList<>();
        for (final String name : requested)
        {
            final Resolution r = resolve(name);
            final String key = null == r.errorCode ? r.name : name;
            final Topic topic = subscriptions.remove(key);
            if (null != topic)
            {
                topic.unsubscribe(this);
            }
            removed.add(key);
        }
        send(Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "unsubscribed");
            g.writeName("topics");
            g.writeStartArray();
            for (final String name : removed)
            {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    // ------------------------------------------------------------------------------------------------ commands

    private void command(final JsonNode message)
    {
        final String action = textOrNull(message, "action");
        final String requestId = textOrNull(message, "request_id");
        if (null == requestId || !CommandRequest.isPrintableId(requestId))
        {
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED",
                "request_id must be 1-64 printable ASCII characters", "request_id"));
            return;
        }
        final String idempotencyKey = null == textOrNull(message, "idempotency_key")
            ? requestId : textOrNull(message, "idempotency_key");
        if (!CommandRequest.isPrintableId(idempotencyKey))
        {
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED",
                "idempotency_key must be 1-64 printable ASCII characters", "idempotency_key"));
            return;
        }
        if (null == principal)
        {
            send(StabylFrames.commandError(requestId, action, "UNAUTHORIZED", "commands need an API key", null));
            return;
        }
        final Permission needed = switch (null == action ? "" : action)
        {
            case "order_create" -> Permission.ORDERS_CREATE;
            case "order_cancel", "order_replace" -> Permission.ORDERS_EXECUTE;
            default -> null;
        };
        if (null == needed)
        {
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED",
                "action must be order_create, order_cancel or order_replace", "action"));
            return;
        }
        if (!principal.may(needed))
        {
            send(StabylFrames.commandError(requestId, action, "FORBIDDEN",
                "this API key lacks " + needed.wireName(), null));
            return;
        }
        final Command command;
        try
        {
            command = switch (action)
            {
                case "order_create" -> CommandRequest.orderCreate(message, principal.accountId(),
                    projection.markets(), idempotencyKey);
                case "order_cancel" -> CommandRequest.orderCancel(message, principal.accountId(), idempotencyKey);
                default -> CommandRequest.orderReplace(message, principal.accountId(), projection.markets(),
                    projection, idempotencyKey);
            };
        }
        catch (final CommandRequest.FieldException e)
        {
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED", e.getMessage(), e.field));
            return;
        }
        final boolean queued = sequencer.trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                send(CommandReply.render(requestId, idempotencyKey, action, command, result, projection));
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                send(StabylFrames.commandError(requestId, action, "UNAVAILABLE",
                    "the exchange could not record the command; it was not executed", null));
            }
        });
        if (!queued)
        {
            send(StabylFrames.commandError(requestId, action, "RATE_LIMITED",
                "the exchange is busy; retry shortly", null));
        }
    }

    private static String textOrNull(final JsonNode message, final String field)
    {
        final JsonNode node = message.get(field);
        return null != node && node.isString() ? node.asString() : null;
    }

    // ------------------------------------------------------------------------------------------------ output

    @Override
    public void deliver(final byte[] frame)
    {
        if (lagging)
        {
            return;
        }
        if (pendingFrames.get() >= maxPendingFrames)
        {
            lagging = true;
            final Channel c = channel;
            c.eventLoop().execute(() ->
            {
                c.writeAndFlush(frame(StabylFrames.error("slow_consumer",
                    "the connection fell more than " + maxPendingFrames + " messages behind", 0)));
                c.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(), "slow_consumer"))
                    .addListener(ChannelFutureListener.CLOSE);
            });
            return;
        }
        send(frame);
    }

    private void send(final byte[] bytes)
    {
        final Channel c = channel;
        if (null == c || !c.isActive())
        {
            return;
        }
        pendingFrames.incrementAndGet();
        c.writeAndFlush(frame(bytes)).addListener(f -> pendingFrames.decrementAndGet());
    }

    private static TextWebSocketFrame frame(final byte[] bytes)
    {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // A protocol error of this connection (bad frame, bad UTF-8): close it alone.
        ctx.close();
    }
}
