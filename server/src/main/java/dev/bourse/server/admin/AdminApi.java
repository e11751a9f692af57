package dev.bourse.server.admin;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import dev.bourse.gateway.net.HttpReplies;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.sequencer.Applied;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.Submissions;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The admin HTTP API: accounts, deposits, withdrawals, API keys and instrument status, each one a command through the
 * sequencer like any client's, answered once durable. Every request needs {@code Authorization: Bearer <token>}.
 * Runs on an event loop and never blocks.
 */
final class AdminApi extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final byte[] token;
    private final StabylProjection projection;
    private final Sequencer sequencer;

    AdminApi(final String token, final StabylProjection projection, final Sequencer sequencer)
    {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.projection = projection;
        this.sequencer = sequencer;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (!authorized(request))
        {
            fail(ctx, request, HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED", "missing or wrong admin token");
            return;
        }
        final String path = new QueryStringDecoder(request.uri()).path();
        final HttpMethod method = request.method();
        try
        {
            if (HttpMethod.GET.equals(method))
            {
                switch (path)
                {
                    case "/admin/instruments" -> ok(ctx, request, this::writeInstruments);
                    case "/admin/keys" -> listKeys(ctx, request);
                    default -> fail(ctx, request, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such route");
                }
                return;
            }
            if (!HttpMethod.POST.equals(method))
            {
                fail(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "use GET or POST");
                return;
            }
            final JsonNode body = body(request);
            switch (path)
            {
                case "/admin/accounts" -> createAccount(ctx, request, body);
                case "/admin/deposits" -> execute(ctx, request, new Deposit(account(body), asset(body),
                    amount(body), null), (g, sequence) -> { });
                case "/admin/withdrawals" -> execute(ctx, request, new Withdraw(account(body), asset(body),
                    amount(body), null), (g, sequence) -> { });
                case "/admin/keys" -> issueKey(ctx, request, body);
                case "/admin/keys/revoke" -> execute(ctx, request, new RevokeApiKey(longField(body, "key_id")),
                    (g, sequence) -> { });
                case "/admin/instruments/halt" -> setStatus(ctx, request, body, InstrumentStatus.HALTED);
                case "/admin/instruments/resume" -> setStatus(ctx, request, body, InstrumentStatus.TRADING);
                default -> fail(ctx, request, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such route");
            }
        }
        catch (final BadRequest e)
        {
            fail(ctx, request, HttpResponseStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage());
        }
    }

    private boolean authorized(final FullHttpRequest request)
    {
        final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (null == header || !header.startsWith("Bearer "))
        {
            return false;
        }
        // Constant time, so the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private void createAccount(final ChannelHandlerContext ctx, final FullHttpRequest request, final JsonNode body)
    {
        final long accountId = body.has("account_id") ? account(body) : projection.firstFreeAccountId();
        execute(ctx, request, new CreateAccount(accountId, StpMode.EXPIRE_TAKER),
            (g, sequence) -> g.writeStringProperty("account_id", Long.toString(accountId)));
    }

    private void issueKey(final ChannelHandlerContext ctx, final FullHttpRequest request, final JsonNode body)
    {
        final long accountId = account(body);
        final Set<Permission> permissions = permissions(body.get("permissions"));
        final String key = Secrets.generate("bk_");
        final IssueApiKey command = new IssueApiKey(accountId, Sha256.of(key), permissions);
        // The engine gives a key the sequence number of the command that issued it.
        execute(ctx, request, command, (g, keyId) ->
        {
            g.writeStringProperty("key_id", Long.toString(keyId));
            g.writeStringProperty("account_id", Long.toString(accountId));
            g.writeStringProperty("api_key", key);
            writePermissions(g, permissions);
        });
    }

    private void setStatus(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final JsonNode body,
        final InstrumentStatus status)
    {
        final String symbol = text(body, "symbol");
        final Market market = projection.markets().byPair(symbol);
        if (null == market)
        {
            fail(ctx, request, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "unknown instrument " + symbol);
            return;
        }
        execute(ctx, request, new SetInstrumentStatus(market.pairId(), status), (g, sequence) ->
        {
            g.writeStringProperty("symbol", market.pairId());
            g.writeStringProperty("status", status.name().toLowerCase(Locale.ROOT));
        });
    }

    private void listKeys(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final List<String> filter = new QueryStringDecoder(request.uri()).parameters().get("account_id");
        final Long account = null == filter ? null : parseId(filter.getFirst(), "account_id");
        final List<ApiKeys.Principal> keys = new ArrayList<>(projection.apiKeys().all().values());
        keys.sort(Comparator.comparingLong(ApiKeys.Principal::keyId));
        ok(ctx, request, g ->
        {
            g.writeName("keys");
            g.writeStartArray();
            for (final ApiKeys.Principal k : keys)
            {
                if (null != account && k.accountId() != account)
                {
                    continue;
                }
                g.writeStartObject();
                g.writeStringProperty("key_id", Long.toString(k.keyId()));
                g.writeStringProperty("account_id", Long.toString(k.accountId()));
                writePermissions(g, k.permissions());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void writeInstruments(final JsonGenerator g)
    {
        final Markets markets = projection.markets();
        g.writeName("instruments");
        g.writeStartArray();
        for (final Market m : markets.all())
        {
            g.writeStartObject();
            g.writeStringProperty("symbol", m.pairId());
            g.writeStringProperty("status", m.status().name().toLowerCase(Locale.ROOT));
            g.writeNumberProperty("price_scale", m.priceScale());
            g.writeNumberProperty("quantity_scale", m.quantityScale());
            g.writeStringProperty("tick_size", Decimals.format(m.spec().tickSize(), m.priceScale()));
            g.writeStringProperty("lot_size", Decimals.format(m.spec().lotSize(), m.quantityScale()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writePermissions(final JsonGenerator g, final Set<Permission> permissions)
    {
        g.writeName("permissions");
        g.writeStartArray();
        for (final Permission p : Permission.values())
        {
            if (permissions.contains(p))
            {
                g.writeString(p.wireName());
            }
        }
        g.writeEndArray();
    }

    // Submits and answers from the sequencer's callback, on this connection's event loop; data writes what the reply
    // carries besides, given the command's sequence number.
    private void execute(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final Command command,
        final ObjLongConsumer<JsonGenerator> data)
    {
        request.retain();
        Submissions.submit(sequencer, command).whenComplete((applied, failure) -> ctx.executor().execute(() ->
        {
            try
            {
                answer(ctx, request, command, applied, failure, data);
            }
            finally
            {
                request.release();
            }
        }));
    }

    private void answer(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final Command command,
        final Applied applied, final Throwable failure, final ObjLongConsumer<JsonGenerator> data)
    {
        final String what = command.getClass().getSimpleName();
        if (null != failure)
        {
            fail(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", failure.getMessage());
            return;
        }
        final EngineEvent.CommandResult result = applied.result();
        if (result.outcome() == Outcome.REJECTED)
        {
            LOG.info("admin command rejected: command={}, reason={}", what, result.reason());
            fail(ctx, request, HttpResponseStatus.CONFLICT, result.reason().name(), what + " rejected: "
                + result.reason().name().toLowerCase(Locale.ROOT));
        }
        else
        {
            // Never the command itself: an IssueApiKey's hash is no one's business, and the clear key is in data.
            LOG.info("admin command executed: command={}", what);
            ok(ctx, request, g -> data.accept(g, applied.sequence()));
        }
    }

    private static JsonNode body(final FullHttpRequest request)
    {
        if (0 == request.content().readableBytes())
        {
            return Json.parse("{}".getBytes(StandardCharsets.UTF_8));
        }
        try
        {
            final JsonNode node = Json.parse(ByteBufUtil.getBytes(request.content()));
            if (!node.isObject())
            {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        }
        catch (final JacksonException e)
        {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private long account(final JsonNode body)
    {
        final long id = longField(body, "account_id");
        if (id < 1)
        {
            throw new BadRequest("account_id must be positive");
        }
        return id;
    }

    private String asset(final JsonNode body)
    {
        final String code = text(body, "asset");
        if (null == projection.markets().asset(code))
        {
            throw new BadRequest("unknown asset " + code);
        }
        return code;
    }

    private long amount(final JsonNode body)
    {
        final String text = text(body, "amount");
        final Markets.Asset asset = projection.markets().asset(text(body, "asset"));
        try
        {
            final long amount = Decimals.parse(text, asset.scale());
            if (amount <= 0)
            {
                throw new BadRequest("amount must be positive");
            }
            return amount;
        }
        catch (final NumberFormatException e)
        {
            throw new BadRequest("amount: " + e.getMessage());
        }
    }

    private static Set<Permission> permissions(final JsonNode node)
    {
        if (null == node || node.isNull())
        {
            return EnumSet.allOf(Permission.class);
        }
        if (!node.isArray() || node.isEmpty())
        {
            throw new BadRequest("permissions must be a non-empty array of orders:create, orders:execute, "
                + "exchange:read");
        }
        final Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (final JsonNode p : node)
        {
            final Permission permission = p.isString() ? permission(p.asString()) : null;
            if (null == permission)
            {
                throw new BadRequest("unknown permission " + p + "; known: orders:create, orders:execute, "
                    + "exchange:read");
            }
            out.add(permission);
        }
        return out;
    }

    private static Permission permission(final String wireName)
    {
        for (final Permission p : Permission.values())
        {
            if (p.wireName().equals(wireName))
            {
                return p;
            }
        }
        return null;
    }

    private static String text(final JsonNode body, final String field)
    {
        final JsonNode node = body.get(field);
        if (null == node || !node.isString() || node.asString().isEmpty())
        {
            throw new BadRequest(field + " is required: a string");
        }
        return node.asString();
    }

    private static long longField(final JsonNode body, final String field)
    {
        final JsonNode node = body.get(field);
        if (null != node && node.isIntegralNumber() && node.canConvertToLong())
        {
            return node.asLong();
        }
        if (null != node && node.isString())
        {
            return parseId(node.asString(), field);
        }
        throw new BadRequest(field + " is required: an integer");
    }

    private static long parseId(final String text, final String field)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            throw new BadRequest(field + " must be an integer, got " + text);
        }
    }

    private static void ok(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final Consumer<JsonGenerator> data)
    {
        HttpReplies.send(ctx, request, HttpReplies.response(HttpResponseStatus.OK, HttpReplies.JSON,
            HttpReplies.success(data)));
    }

    private static void fail(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status,
        final String code, final String message)
    {
        HttpReplies.send(ctx, request, HttpReplies.response(status, HttpReplies.JSON, HttpReplies.error(code, message)));
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.warn("admin connection failed: remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** A request that cannot be carried out as sent; the message says why. */
    private static final class BadRequest extends RuntimeException
    {
        BadRequest(final String message)
        {
            super(message, null, false, false);
        }
    }
}
