package dev.bourse.gateway.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The first handler of every HTTP connection. It answers {@code /healthz}, {@code /readyz} and the extra endpoints
 * itself, at any time, and hands every other request to the protocols' handler once the venue is ready, or has failed
 * (reads are still served); before that, and while it stops, they get 503 {@code UNAVAILABLE}. It stays in the
 * pipeline, so one kept-alive connection may mix both kinds of request.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final String PROTOCOL_HANDLER = "protocol";

    private final Supplier<Readiness> readiness;
    private final Map<String, HttpEndpoint> endpoints;
    private final Supplier<ChannelHandler> protocols;

    /**
     * A router for one connection.
     *
     * @param readiness where the venue is in its life.
     * @param endpoints extra GET pages by path.
     * @param protocols a new protocol handler for this connection; only called once the venue is ready.
     */
    public HttpRouter(
        final Supplier<Readiness> readiness, final Map<String, HttpEndpoint> endpoints,
        final Supplier<ChannelHandler> protocols)
    {
        super(false);
        this.readiness = readiness;
        this.endpoints = endpoints;
        this.protocols = protocols;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        boolean forward = false;
        try
        {
            forward = !answered(ctx, request);
        }
        finally
        {
            if (!forward)
            {
                request.release();
            }
        }
        if (forward)
        {
            if (null == ctx.pipeline().get(PROTOCOL_HANDLER))
            {
                ctx.pipeline().addAfter(ctx.name(), PROTOCOL_HANDLER, protocols.get());
            }
            ctx.fireChannelRead(request);
        }
    }

    // Answers what the router serves itself and returns true; false for a request the protocols must take.
    private boolean answered(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String path = new QueryStringDecoder(request.uri()).rawPath();
        final Readiness now = readiness.get();
        if (path.equals("/healthz"))
        {
            reply(ctx, request, HttpResponseStatus.OK, "{\"status\":\"up\"}");
            return true;
        }
        if (path.equals("/readyz"))
        {
            reply(ctx, request, now == Readiness.READY ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "{\"status\":\"" + now.name().toLowerCase(Locale.ROOT) + "\"}");
            return true;
        }
        final HttpEndpoint endpoint = endpoints.get(path);
        if (null != endpoint)
        {
            if (!HttpMethod.GET.equals(request.method()))
            {
                HttpReplies.send(ctx, request, HttpReplies.response(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    HttpReplies.JSON, HttpReplies.error("METHOD_NOT_ALLOWED", "use GET")));
                return true;
            }
            final HttpEndpoint.Page page = endpoint.render();
            HttpReplies.send(ctx, request, HttpReplies.response(HttpResponseStatus.OK, page.contentType(), page.body()));
            return true;
        }
        // A venue that failed still serves reads, so clients can reconcile; its writes are refused by the protocol.
        if (now != Readiness.READY && now != Readiness.FAILED)
        {
            final FullHttpResponse response = HttpReplies.response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                HttpReplies.JSON, HttpReplies.error("UNAVAILABLE",
                    "the exchange is " + (now == Readiness.STARTING ? "starting" : "stopping")));
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            HttpReplies.send(ctx, request, response);
            return true;
        }
        return false;
    }

    private static void reply(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status,
        final String json)
    {
        HttpReplies.send(ctx, request, HttpReplies.response(status, HttpReplies.JSON,
            json.getBytes(StandardCharsets.UTF_8)));
    }
}
