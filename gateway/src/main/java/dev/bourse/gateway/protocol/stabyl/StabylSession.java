package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.json.Utf8;
import dev.bourse.gateway.limit.AbuseMeter;
import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.gateway.limit.TokenBucket;
import dev.bourse.gateway.market.CandleInterval;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.net.ReplyPolling;
import dev.bourse.gateway.session.Session;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.gateway.stream.Subscriber;
import dev.bourse.gateway.stream.Topic;
import dev.bourse.gateway.stream.TopicGroup;
import dev.bourse.journal.sequencer.CommandCallback;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Stabyl WebSocket connection: parses client messages on the event loop, keeps the subscriptions, applies the
 * rate limits, submits commands to the sequencer and answers them once durable.
 * <p>
 * Topic frames arrive from the publisher thread through one {@link Feed} per topic. A connection whose unwritten
 * frames reach the configured bound stops taking frames and is told {@code slow_consumer}; once it has drained to
 * half the bound its order books are re-sent as fresh snapshots and its other topics replayed from the last frame
 * it got, so nothing is lost silently. If it does not drain in time, it is closed with 1008 {@code slow_consumer}.
 */
public final class StabylSession extends SimpleChannelInboundHandler<WebSocketFrame> implements Session
{
    private static final Logger LOG = LoggerFactory.getLogger(StabylSession.class);
    /** Topics one connection may hold. */
    public static final int MAX_TOPICS = 50;
    /** Largest client message, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final long LAG_CHECK_MILLIS = 20;
    private static final long CANCEL_RETRY_MILLIS = 5;
    private static final long CLOSE_GRACE_MILLIS = 1000;
    // The outbox may hold this many times the unflushed bound before the event loop's own lag counts too.
    private static final int OUTBOX_FACTOR = 4;
    // Frames published in a batch wait for its end to be drained; a connection that gets this many
    // in one batch has its event loop woken at once, so that a large batch is not taken for a slow consumer.
    private static final int EARLY_DRAIN_FRAMES = 256;
    private static final ChannelFutureListener SHUT_OUTPUT = f ->
    {
        if (f.channel() instanceof SocketChannel socket)
        {
            socket.shutdownOutput();
        }
        else
        {
            f.channel().close();
        }
    };
    // A disconnect cancel has nobody to answer: the order's own topic and REST show its end.
    private static final CommandCallback IGNORED = new CommandCallback()
    {
        @Override
        public void onDurable(final long sequence, final EngineEvent.CommandResult result)
        {
        }

        @Override
        public void onFailed(final Throwable cause)
        {
        }
    };

    private final StabylContext context;
    private final StabylProjection projection;
    private final ApiKeys.Principal principal;
    private final boolean cancelOnDisconnect;
    private final int maxPendingFrames;
    private final TokenBucket messages;
    private final AbuseMeter abuse;
    // Frames handed to the socket and not yet taken by the kernel: what the client itself is behind by.
    private final AtomicInteger unflushed = new AtomicInteger();
    // Frames in the outbox, not yet handed to the socket: bounded too, should the event loop itself fall behind.
    private final AtomicInteger queued = new AtomicInteger();
    // Each entry is a frame (byte[]) or a Reply still to be rendered: see send(Reply).
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    // Commands sent and not yet answered in the outbox; event loop only. Tells the loop to poll for their replies.
    private int awaitedReplies;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final GenericFutureListener<Future<Void>> written = f -> unflushed.decrementAndGet();
    // Guarded by this: the subscriptions by name (an exact Topic or a TopicGroup) and the feed of each topic.
    private final Map<String, Object> subscriptions = new LinkedHashMap<>();
    private final Map<Topic, Feed> feeds = new LinkedHashMap<>();
    private final Map<TopicGroup, TopicGroup.Listener> followers = new LinkedHashMap<>();
    private final Set<Long> openOrders = ConcurrentHashMap.newKeySet();
    private volatile Channel channel;
    private volatile boolean lagging;
    private volatile boolean closed;
    // Why the connection ended, for its log line: the first reason known wins.
    private volatile String closeReason;
    private long lagSince;

    /**
     * A session for one connection.
     *
     * @param principal          the authenticated key, or null for a public connection.
     * @param cancelOnDisconnect whether the open orders placed on this connection are cancelled when it closes.
     */
    public StabylSession(
        final StabylContext context, final ApiKeys.Principal principal, final boolean cancelOnDisconnect)
    {
        this.context = context;
        this.projection = context.projection();
        this.principal = principal;
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.maxPendingFrames = context.config().maxPendingFrames();
        final RateLimits limits = context.config().rateLimits();
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), System.nanoTime());
        this.abuse = new AbuseMeter(limits.messagesPerSecond(), limits.abuseSeconds());
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
        context.sessions().add(this);
        context.metrics().connectionOpened(StabylContext.PROTOCOL);
        LOG.info("connection opened: protocol={}, remote={}, account={}", StabylContext.PROTOCOL,
            channel.remoteAddress(), account());
    }

    private String account()
    {
        return null == principal ? "public" : Long.toString(principal.accountId());
    }

    @Override
    public long keyId()
    {
        return null == principal ? 0 : principal.keyId();
    }

    @Override
    public void goAway()
    {
        drainThenClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "going_away");
    }

    // On the event loop: whatever is still queued (replies to the last commands) goes out before the close frame.
    private void drainThenClose(final int code, final String reason)
    {
        final Channel c = channel;
        c.eventLoop().execute(() ->
        {
            drain();
            close(code, reason);
        });
    }

    @Override
    public void keyRevoked()
    {
        final Channel c = channel;
        c.eventLoop().execute(() ->
        {
            send(StabylFrames.error("unauthorized", "the API key of this connection was revoked", 0));
            close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "api_key_revoked");
        });
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closed = true;
        ReplyPolling.repliesSettled(awaitedReplies);
        awaitedReplies = 0;
        context.sessions().remove(this);
        context.metrics().connectionClosed(StabylContext.PROTOCOL);
        LOG.info("connection closed: protocol={}, remote={}, account={}, reason={}", StabylContext.PROTOCOL,
            ctx.channel().remoteAddress(), account(), null == closeReason ? "connection_lost" : closeReason);
        synchronized (this)
        {
            for (final Map.Entry<TopicGroup, TopicGroup.Listener> e : followers.entrySet())
            {
                e.getKey().leave(e.getValue());
            }
            followers.clear();
            for (final Feed feed : feeds.values())
            {
                feed.topic.unsubscribe(feed);
            }
            feeds.clear();
            subscriptions.clear();
        }
        if (cancelOnDisconnect)
        {
            for (final Long orderId : openOrders)
            {
                cancelForDisconnect(orderId);
            }
        }
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
            reason("client_close_" + ((CloseWebSocketFrame)frame).statusCode());
            ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (frame instanceof PongWebSocketFrame)
        {
            return;
        }
        if (null != closeReason)
        {
            // Closing: a message after the close frame went out is dropped, not run, as its answer could not be sent.
            return;
        }
        JsonNode message = null;
        // Non-null exactly when the message is readable.
        String type = null;
        String unreadable = null;
        if (!(frame instanceof TextWebSocketFrame))
        {
            unreadable = "only text frames of JSON are accepted";
        }
        else
        {
            final byte[] bytes = ByteBufUtil.getBytes(frame.content());
            if (!Utf8.isValid(bytes))
            {
                // RFC 6455 section 8.1: a text message that is not UTF-8 fails the connection.
                context.metrics().messageIn(StabylContext.PROTOCOL, "invalid");
                close(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "bytes are not UTF-8");
                return;
            }
            try
            {
                message = Json.parse(bytes);
                type = message.isObject() ? textOrNull(message, "type") : null;
                unreadable = !message.isObject() ? "a message must be a JSON object"
                    : null == type ? "type must be a string" : null;
            }
            catch (final JacksonException e)
            {
                unreadable = "not valid JSON: " + e.getOriginalMessage();
            }
        }
        context.metrics().messageIn(StabylContext.PROTOCOL, inboundLabel(type));
        // Every message spends the connection's budget but a cancel, so that a client can always reduce its risk.
        final boolean cancel = "command".equals(type) && "order_cancel".equals(textOrNull(message, "action"));
        if (!cancel && limited(null == unreadable ? message : null))
        {
            return;
        }
        if (null != unreadable)
        {
            send(StabylFrames.error("invalid_message", unreadable, 0));
            return;
        }
        switch (type)
        {
            case "ping" -> ping(message);
            case "subscribe" -> subscribe(message);
            case "unsubscribe" -> unsubscribe(message);
            case "command" -> command(message);
            default -> send(StabylFrames.error("unknown_type", "unknown type " + type, 0));
        }
    }

    private static String inboundLabel(final String type)
    {
        if (null == type)
        {
            return "invalid";
        }
        return switch (type)
        {
            case "ping", "subscribe", "unsubscribe", "command" -> type;
            default -> "unknown";
        };
    }

    private void reason(final String reason)
    {
        if (null == closeReason)
        {
            closeReason = reason;
        }
    }

    // Takes a token from the connection's budget; on refusal answers and returns true. message is null if unreadable.
    private boolean limited(final JsonNode message)
    {
        final long now = System.nanoTime();
        final long waitNanos = messages.tryTake(now);
        if (0 == waitNanos)
        {
            return false;
        }
        refused(now, message, "connection", "this connection sends more than "
            + context.config().rateLimits().messagesPerSecond() + " messages a second", waitNanos);
        return true;
    }

    private void refused(
        final long now, final JsonNode message, final String scope, final String why, final long waitNanos)
    {
        context.metrics().rateLimited(StabylContext.PROTOCOL, scope);
        final long retryAfterMillis = AccountLimiter.toMillis(waitNanos);
        final boolean closing = abuse.refused(now);
        final String text = closing ? why + "; closing after sustained abuse" : why;
        if (null != message && "command".equals(textOrNull(message, "type")))
        {
            send(StabylFrames.commandError(textOrNull(message, "request_id"), textOrNull(message, "action"),
                "RATE_LIMITED", text, null, retryAfterMillis));
        }
        else
        {
            send(StabylFrames.error("rate_limited", text, retryAfterMillis));
        }
        if (closing)
        {
            close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "rate_limited");
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

    private synchronized void subscribe(final JsonNode message)
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
        final Map<String, ResumePoint> resume = resumePoints(message.get("resume"));
        if (null == resume)
        {
            return;
        }
        final boolean wantSnapshot = null != snapshotNode && snapshotNode.asBoolean();
        // Atomic: resolve every topic first; the first bad one refuses the whole request.
        final Map<String, Object> resolved = new LinkedHashMap<>();
        for (final String name : requested)
        {
            final Resolution r = resolve(name);
            if (null != r.errorCode)
            {
                send(StabylFrames.error(r.errorCode, r.errorMessage, 0));
                return;
            }
            resolved.put(r.name, r.target);
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
        final List<Feed> attached = new ArrayList<>();
        final List<TopicGroup> groups = new ArrayList<>();
        for (final Map.Entry<String, Object> e : resolved.entrySet())
        {
            final String name = e.getKey();
            if (subscriptions.containsKey(name))
            {
                continue;
            }
            subscriptions.put(name, e.getValue());
            if (e.getValue() instanceof TopicGroup group)
            {
                // Followed after the exact topics, so that one resumed in the same request replays what it missed.
                groups.add(group);
                continue;
            }
            final Feed feed = feed((Topic)e.getValue());
            final ResumePoint from = resume.get(name);
            if (1 == feed.refs)
            {
                attached.add(feed);
            }
            if (null == from)
            {
                if (1 == feed.refs)
                {
                    feed.attach(wantSnapshot, snapshots);
                }
                continue;
            }
            final String failure = feed.refs > 1 ? feed.followedSince(from) : feed.attachAfter(from, replay, snapshots);
            if (null == failure)
            {
                resumed.add(name);
            }
            else
            {
                resumeFailed.add(new String[] {name, failure});
            }
        }
        groups.forEach(this::follow);
        send(subscribed(resolved.keySet(), snapshots, resumed, resumeFailed));
        for (final Frame f : replay)
        {
            send(f.bytes());
        }
        for (final Feed feed : attached)
        {
            feed.release();
        }
    }

    /**
     * The subscribe's resume points by canonical topic name (topics are case-insensitive on input), or null after
     * answering {@code invalid_message}: each must be {@code {"epoch": string, "seq": integer >= 0}}. A point for a
     * topic the request does not name, or that does not exist, is passed over.
     */
    private Map<String, ResumePoint> resumePoints(final JsonNode resume)
    {
        if (null == resume)
        {
            return Map.of();
        }
        if (!resume.isObject())
        {
            send(StabylFrames.error("invalid_message", "resume must be an object", 0));
            return null;
        }
        final Map<String, ResumePoint> points = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> e : resume.properties())
        {
            final JsonNode epoch = e.getValue().get("epoch");
            final JsonNode seq = e.getValue().get("seq");
            if (null == epoch || !epoch.isString() || null == seq || !seq.isIntegralNumber() || !seq.canConvertToLong()
                || seq.asLong() < 0)
            {
                send(StabylFrames.error("invalid_message",
                    "resume of " + e.getKey() + " must be {\"epoch\": string, \"seq\": integer >= 0}", 0));
                return null;
            }
            final Resolution r = resolve(e.getKey());
            if (null == r.errorCode)
            {
                points.put(r.name, new ResumePoint(projection.epoch().equals(epoch.asString()), seq.asLong()));
            }
        }
        return points;
    }

    /** Where a client says it left a topic: whether in this epoch, and the last seq it saw. */
    private record ResumePoint(boolean sameEpoch, long seq)
    {
    }

    private byte[] subscribed(
        final Iterable<String> names, final List<byte[]> snapshots, final List<String> resumed,
        final List<String[]> resumeFailed)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "subscribed");
            g.writeName("topics");
            g.writeStartArray();
            for (final String name : names)
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
                    g.writeRawValue(new String(s, StandardCharsets.UTF_8));
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
        });
    }

    // The feed of a topic, counted once more; a new feed is not yet attached.
    private Feed feed(final Topic topic)
    {
        final Feed feed = feeds.computeIfAbsent(topic, Feed::new);
        feed.refs++;
        return feed;
    }

    private void follow(final TopicGroup group)
    {
        final TopicGroup.Listener listener = this::memberAdded;
        followers.put(group, listener);
        for (final Topic member : group.join(listener))
        {
            followMember(member);
        }
    }

    // A market listed after a wildcard subscription: called on the publisher thread, before any of its frames.
    private synchronized void memberAdded(final Topic topic)
    {
        if (!closed)
        {
            followMember(topic);
        }
    }

    private void followMember(final Topic topic)
    {
        final Feed existing = feeds.get(topic);
        if (null != existing && existing.followedByGroup)
        {
            return;
        }
        final Feed feed = feed(topic);
        feed.followedByGroup = true;
        if (1 == feed.refs)
        {
            feed.attach(false, null);
        }
    }

    private void release(final Topic topic, final boolean byGroup)
    {
        final Feed feed = feeds.get(topic);
        if (null == feed || (byGroup && !feed.followedByGroup))
        {
            return;
        }
        if (byGroup)
        {
            feed.followedByGroup = false;
        }
        if (0 == --feed.refs)
        {
            topic.unsubscribe(feed);
            feeds.remove(topic);
        }
    }

    private record Resolution(String name, Object target, String errorCode, String errorMessage)
    {
        static Resolution error(final String code, final String message)
        {
            return new Resolution(null, null, code, message);
        }
    }

    private Resolution resolve(final String requested)
    {
        if (requested.equals(UserOrdersTopic.NAME) || requested.equals("user.fills"))
        {
            if (null == principal)
            {
                return Resolution.error("unauthorized", requested + " needs an API key");
            }
            if (!principal.may(Permission.EXCHANGE_READ))
            {
                return Resolution.error("forbidden", requested + " needs exchange:read");
            }
            final Topic topic = requested.equals(UserOrdersTopic.NAME)
                ? projection.userOrdersTopic(principal.accountId())
                : projection.userFillsTopic(principal.accountId());
            return new Resolution(requested, topic, null, null);
        }
        final int dot = requested.indexOf('.');
        final String kind = dot < 0 ? requested : requested.substring(0, dot);
        final String rest = dot < 0 ? "" : requested.substring(dot + 1);
        if (requested.indexOf('*') >= 0)
        {
            final TopicGroup group = projection.group(kind);
            return rest.equals("*") && null != group
                ? new Resolution(group.name(), group, null, null)
                : Resolution.error("wildcard_not_supported",
                    requested + " is not supported: wildcards are trades.*, ticker.* and candles.*");
        }
        final String pair = kind.equals("candles") && rest.lastIndexOf('.') > 0
            ? rest.substring(0, rest.lastIndexOf('.')) : rest;
        final Market market = projection.markets().byTopicKey(pair);
        if (null == market)
        {
            return Resolution.error("unknown_topic", "unknown topic " + requested);
        }
        final MarketFeeds f = projection.feeds(market.id());
        final Topic topic = switch (kind)
        {
            case "orderbook" -> f.book;
            case "trades" -> f.trades;
            case "ticker" -> f.ticker;
            case "candles" ->
            {
                final CandleInterval interval = pair.equals(rest) ? null
                    : CandleInterval.of(rest.substring(pair.length() + 1));
                yield null == interval ? null : f.candles(interval);
            }
            default -> null;
        };
        if (null == topic || (!kind.equals("candles") && !pair.equals(rest)))
        {
            return Resolution.error("unknown_topic", "unknown topic " + requested);
        }
        return new Resolution(topic.name(), topic, null, null);
    }

    private synchronized void unsubscribe(final JsonNode message)
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
            final Object target = subscriptions.remove(key);
            if (target instanceof Topic topic)
            {
                release(topic, false);
            }
            else if (target instanceof TopicGroup group)
            {
                group.leave(followers.remove(group));
                for (final Topic member : group.members())
                {
                    release(member, true);
                }
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
                "request_id must be 1-64 printable ASCII characters", "request_id", 0));
            return;
        }
        final JsonNode givenKey = message.get("idempotency_key");
        // Absent or null: the request id is the key. Anything but a string is refused, never taken as absent.
        final String idempotencyKey = null == givenKey || givenKey.isNull() ? requestId
            : givenKey.isString() ? givenKey.asString() : "";
        if (!CommandRequest.isPrintableId(idempotencyKey))
        {
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED",
                "idempotency_key must be 1-64 printable ASCII characters", "idempotency_key", 0));
            return;
        }
        if (null == principal)
        {
            send(StabylFrames.commandError(requestId, action, "UNAUTHORIZED", "commands need an API key", null, 0));
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
                "action must be order_create, order_cancel or order_replace", "action", 0));
            return;
        }
        if (!principal.may(needed))
        {
            send(StabylFrames.commandError(requestId, action, "FORBIDDEN",
                "this API key lacks " + needed.wireName(), null, 0));
            return;
        }
        final boolean cancel = action.equals("order_cancel");
        final long now = System.nanoTime();
        final long waitNanos = context.accountLimiter().tryTake(principal.accountId(), cancel, now);
        if (0 != waitNanos)
        {
            final RateLimits limits = context.accountLimiter().limits();
            refused(now, message, "account", "this account sends more than "
                + (cancel ? limits.cancelsPerSecond() + " cancels" : limits.commandsPerSecond() + " commands")
                + " a second", waitNanos);
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
            send(StabylFrames.commandError(requestId, action, "VALIDATION_FAILED", e.getMessage(), e.field, 0));
            return;
        }
        final boolean queued = context.sequencer().trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                track(result);
                final String clientOrderId = CommandReply.clientOrderId(result, projection);
                send(() -> CommandReply.render(requestId, idempotencyKey, action, command, result, clientOrderId));
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                closeUnavailable();
            }
        });
        if (queued)
        {
            awaitedReplies++;
            ReplyPolling.replyAwaited();
            return;
        }
        if (null != context.sequencer().failure())
        {
            closeUnavailable();
        }
        else
        {
            send(StabylFrames.commandError(requestId, action, "RATE_LIMITED",
                "the exchange is busy; retry shortly", null, 1));
        }
    }

    // Not executed, and the exchange cannot record commands now: the client retries with the same key, elsewhere or
    // later. The replies still queued (earlier commands, which are durable) go out first.
    private void closeUnavailable()
    {
        drainThenClose(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "unavailable");
    }

    // Remembers the open orders this connection placed, for cancel on disconnect.
    private void track(final EngineEvent.CommandResult result)
    {
        if (!cancelOnDisconnect)
        {
            return;
        }
        if (0 != result.newOrderId())
        {
            openOrders.remove(result.orderId());
        }
        final long placed = CommandReply.orderId(result);
        final OrderStatus status = result.orderStatus();
        if (0 != placed && (OrderStatus.ACCEPTED == status || OrderStatus.PARTIALLY_FILLED == status))
        {
            openOrders.add(placed);
            if (closed)
            {
                cancelForDisconnect(placed);
            }
        }
    }

    private void cancelForDisconnect(final long orderId)
    {
        final OrderRecord order = projection.order(orderId);
        if (null == order || (OrderStatus.ACCEPTED != order.status() && OrderStatus.PARTIALLY_FILLED != order.status())
            || !openOrders.remove(orderId))
        {
            return;
        }
        final Command cancel = new CancelOrder(principal.accountId(), orderId, null, CancelReason.DISCONNECT, null);
        // Once the exchange has stopped taking commands, nothing will: retrying would only spin.
        if (!context.sequencer().trySubmit(cancel, IGNORED) && null == context.sequencer().failure())
        {
            openOrders.add(orderId);
            channel.eventLoop().schedule(() -> cancelForDisconnect(orderId), CANCEL_RETRY_MILLIS,
                TimeUnit.MILLISECONDS);
        }
    }

    private static String textOrNull(final JsonNode message, final String field)
    {
        final JsonNode node = message.get(field);
        return null != node && node.isString() ? node.asString() : null;
    }

    // ------------------------------------------------------------------------------------------------ output

    /** One topic followed by this connection: what it last got, and whether it missed frames while lagging. */
    private final class Feed implements Subscriber
    {
        final Topic topic;
        int refs;
        boolean followedByGroup;
        // Under the topic's lock: the seq after which this connection is sent every frame, and the last one sent.
        long firstSeq;
        long lastSeq;
        boolean paused;
        // Frames published while the subscribe that attached this feed is still answering: sent right after it.
        List<Frame> held;

        Feed(final Topic topic)
        {
            this.topic = topic;
        }

        @Override
        public void deliver(final Frame frame)
        {
            if (null != held)
            {
                held.add(frame);
                return;
            }
            if (paused)
            {
                return;
            }
            if (lagging || behind())
            {
                paused = true;
                startLagging();
                return;
            }
            lastSeq = frame.seq();
            send(frame.bytes());
        }

        void attach(final boolean withSnapshot, final List<byte[]> snapshots)
        {
            synchronized (topic)
            {
                if (null != snapshots)
                {
                    held = new ArrayList<>();
                }
                if (withSnapshot && topic instanceof BookTopic book)
                {
                    snapshots.add(book.subscribeWithSnapshot(this));
                }
                else
                {
                    topic.subscribe(this);
                }
                lastSeq = topic.seq();
                firstSeq = lastSeq;
            }
        }

        // Null when every frame after the client's seq is replayed, else the reason (and a snapshot for a book).
        String attachAfter(final ResumePoint from, final List<Frame> replay, final List<byte[]> snapshots)
        {
            synchronized (topic)
            {
                final List<Frame> missed = from.sameEpoch() ? topic.subscribeAfter(this, from.seq()) : null;
                if (null == missed)
                {
                    attach(true, snapshots);
                    return from.sameEpoch() ? "too_old" : "epoch_changed";
                }
                held = new ArrayList<>();
                replay.addAll(missed);
                firstSeq = from.seq();
                lastSeq = topic.seq();
                return null;
            }
        }

        /**
         * For a topic this connection already follows through a wildcard: null when it has been sent, or will be, every
         * frame after the client's seq, else the reason. Frames it missed before the wildcard cannot be sent now, after
         * newer ones; nor can those a lagging connection was let off; and a seq ahead of the topic is no point in it,
         * as for {@link #attachAfter}.
         */
        String followedSince(final ResumePoint from)
        {
            synchronized (topic)
            {
                if (!from.sameEpoch())
                {
                    return "epoch_changed";
                }
                return from.seq() >= firstSeq && from.seq() <= topic.seq() && !paused ? null : "too_old";
            }
        }

        // Sends what was published while the subscribe was answered, then goes live.
        void release()
        {
            synchronized (topic)
            {
                final List<Frame> frames = held;
                held = null;
                if (null != frames)
                {
                    for (final Frame f : frames)
                    {
                        deliver(f);
                    }
                }
            }
        }

        // After lagging: a book gets a fresh snapshot; another topic its missed frames, if few enough and still held.
        boolean resync()
        {
            synchronized (topic)
            {
                if (!paused)
                {
                    return true;
                }
                paused = false;
                if (topic instanceof BookTopic book)
                {
                    send(subscribed(List.of(topic.name()), List.of(book.subscribeWithSnapshot(this)), List.of(),
                        List.of()));
                    // The frames the snapshot stands for were never sent: no resume point before it is kept.
                    firstSeq = topic.seq();
                }
                else
                {
                    final List<Frame> missed = topic.framesAfter(lastSeq);
                    if (null == missed || missed.size() > maxPendingFrames)
                    {
                        return false;
                    }
                    for (final Frame f : missed)
                    {
                        send(f.bytes());
                    }
                }
                lastSeq = topic.seq();
                return true;
            }
        }
    }

    private boolean behind()
    {
        return unflushed.get() >= maxPendingFrames || queued.get() >= OUTBOX_FACTOR * maxPendingFrames;
    }

    private void startLagging()
    {
        if (lagging)
        {
            return;
        }
        lagging = true;
        final Channel c = channel;
        c.eventLoop().execute(() ->
        {
            lagSince = System.nanoTime();
            send(StabylFrames.error("slow_consumer", "this connection fell " + maxPendingFrames
                + " messages behind: order books will be re-sent as snapshots, other topics replayed", 0));
            c.eventLoop().schedule(this::checkLag, LAG_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    // On the event loop until the connection drains to half the bound (resync) or the time is up (close).
    private void checkLag()
    {
        final Channel c = channel;
        if (!c.isActive())
        {
            return;
        }
        if (unflushed.get() <= maxPendingFrames / 2 && queued.get() <= maxPendingFrames / 2)
        {
            resync();
        }
        else if (System.nanoTime() - lagSince > TimeUnit.MILLISECONDS.toNanos(context.config().slowConsumerTimeoutMs()))
        {
            context.metrics().slowConsumerDisconnect(StabylContext.PROTOCOL);
            close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "slow_consumer");
        }
        else
        {
            c.eventLoop().schedule(this::checkLag, LAG_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void resync()
    {
        lagging = false;
        for (final Feed feed : feeds.values())
        {
            if (!feed.resync())
            {
                send(StabylFrames.error("slow_consumer", "missed messages of " + feed.topic.name()
                    + " are no longer held", 0));
                context.metrics().slowConsumerDisconnect(StabylContext.PROTOCOL);
                close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "slow_consumer");
                return;
            }
        }
        context.metrics().slowConsumerResync(StabylContext.PROTOCOL);
    }

    private void close(final int code, final String reason)
    {
        close(code, reason, ChannelFutureListener.CLOSE);
    }

    // For a client that may still be sending what is refused: a socket closed with input unread resets the
    // connection, and the reset can destroy the error and close frames before the client reads them. So only the
    // output is shut after the close frame; what still comes in is read and dropped until the client hangs up or the
    // grace period ends.
    private void closeReadingOn(final int code, final String reason)
    {
        close(code, reason, SHUT_OUTPUT);
    }

    private void close(final int code, final String reason, final ChannelFutureListener afterCloseFrame)
    {
        reason(reason);
        final Channel c = channel;
        c.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(afterCloseFrame);
        // A client that does not read never takes the close frame: drop the connection after a grace period.
        c.eventLoop().schedule(() -> c.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    // Every message goes through one FIFO outbox, so frames from the publisher thread and replies from the event loop
    // keep their order; the event loop writes whatever has queued up and flushes once.
    private void send(final byte[] bytes)
    {
        enqueue(bytes);
    }

    // A reply is rendered by the event loop that writes it, not by the publisher thread that answers the command:
    // that thread serves every connection, the event loops share the work.
    private void send(final Reply reply)
    {
        enqueue(reply);
    }

    private void enqueue(final Object message)
    {
        final Channel c = channel;
        if (null == c || !c.isActive())
        {
            return;
        }
        final int waiting = queued.incrementAndGet();
        outbox.offer(message);
        if (c.eventLoop().inEventLoop())
        {
            drain();
        }
        else if (drainScheduled.compareAndSet(false, true))
        {
            context.sessions().wakeUps().drainLater(c.eventLoop(), drainTask);
        }
        else if (0 == waiting % EARLY_DRAIN_FRAMES)
        {
            // A drain that runs twice finds the outbox empty the second time.
            c.eventLoop().execute(drainTask);
        }
    }

    private void drain()
    {
        drainScheduled.set(false);
        final Channel c = channel;
        int wrote = 0;
        try
        {
            for (Object message = outbox.poll(); null != message; message = outbox.poll())
            {
                queued.decrementAndGet();
                if (message instanceof Reply && awaitedReplies > 0)
                {
                    awaitedReplies--;
                    ReplyPolling.repliesSettled(1);
                }
                final byte[] bytes = message instanceof Reply reply ? reply.render() : (byte[])message;
                // Counted here, on the event loop, not in send(): market data is sent from the publisher thread.
                context.metrics().messageOut(StabylContext.PROTOCOL, StabylFrames.typeOf(bytes));
                c.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes))).addListener(written);
                wrote++;
            }
        }
        finally
        {
            // Even after a reply that failed to render (a bug, which the event loop reports): what was written goes.
            if (wrote > 0)
            {
                c.flush();
                // Counted after the flush, which completes what the kernel took: only the client's backlog remains.
                unflushed.addAndGet(wrote);
            }
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // Messages are cut off at MAX_MESSAGE_BYTES before they are read whole: by the frame decoder for one frame, by
        // the aggregator for a fragmented message. The decoder leaves the close to this handler, so the error goes
        // first.
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException corrupted
            && WebSocketCloseStatus.MESSAGE_TOO_BIG.code() == corrupted.closeStatus().code())
        {
            if (null != closeReason)
            {
                return;
            }
            context.metrics().messageIn(StabylContext.PROTOCOL, "too_large");
            send(StabylFrames.error("message_too_large",
                "a message may have at most " + MAX_MESSAGE_BYTES + " bytes", 0));
            closeReadingOn(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message_too_large");
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted)
        {
            closeReadingOn(corrupted.closeStatus().code(), "protocol_error");
            return;
        }
        // Another decoding failure of this connection, a hang-up mid-message or a reset: close it alone. Anything else is a bug of ours, worth a stack trace.
        if (cause instanceof DecoderException || cause instanceof PrematureChannelClosureException
            || cause instanceof IOException)
        {
            reason("protocol_error");
        }
        else
        {
            reason("internal_error");
            LOG.warn("connection failed: protocol={}, remote={}, account={}", StabylContext.PROTOCOL,
                ctx.channel().remoteAddress(), account(), cause);
        }
        ctx.close();
    }

    /** A reply rendered only when the event loop writes it. */
    @FunctionalInterface
    private interface Reply
    {
        byte[] render();
    }
}
