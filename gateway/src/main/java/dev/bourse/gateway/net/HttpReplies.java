package dev.bourse.gateway.net;

import dev.bourse.gateway.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import tools.jackson.core.JsonGenerator;

import java.util.function.Consumer;

/** Building and sending complete HTTP responses, keeping the connection alive when the request asked for it. */
public final class HttpReplies
{
    /** JSON bodies. */
    public static final String JSON = "application/json";

    private HttpReplies()
    {
    }

    /** The REST envelope of a success: {@code {"status":"success","data":{...}}} with the fields written by data. */
    public static byte[] success(final Consumer<JsonGenerator> data)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("status", "success");
            g.writeName("data");
            g.writeStartObject();
            data.accept(g);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** The REST envelope of an error: {@code {"status":"error","error":{"code","message"}}}. */
    public static byte[] error(final String code, final String message)
    {
        return error(code, message, null, 0);
    }

    /**
     * The same with {@code field} (the request field at fault) when non-null and {@code retry_after_ms} when
     * positive.
     */
    public static byte[] error(
        final String code, final String message, final String field, final long retryAfterMillis)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("status", "error");
            g.writeName("error");
            writeErrorObject(g, code, message, field, retryAfterMillis);
            g.writeEndObject();
        });
    }

    /**
     * Writes {@code {"code","message","field","retry_after_ms"}}, the last two only when given (non-null, positive):
     * the error object that REST replies and Stabyl's {@code command_error} share.
     */
    public static void writeErrorObject(
        final JsonGenerator g, final String code, final String message, final String field,
        final long retryAfterMillis)
    {
        g.writeStartObject();
        g.writeStringProperty("code", code);
        g.writeStringProperty("message", message);
        if (null != field)
        {
            g.writeStringProperty("field", field);
        }
        if (retryAfterMillis > 0)
        {
            g.writeNumberProperty("retry_after_ms", retryAfterMillis);
        }
        g.writeEndObject();
    }

    /** A response with a body of the given type and its length. */
    public static FullHttpResponse response(final HttpResponseStatus status, final String contentType, final byte[] body)
    {
        final FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** Sends the response, then closes the connection unless the request wants it kept alive. */
    public static void send(final ChannelHandlerContext ctx, final FullHttpRequest request, final FullHttpResponse response)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        final var future = ctx.writeAndFlush(response);
        if (!keepAlive)
        {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
