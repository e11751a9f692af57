package dev.bourse.bench.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The load generator's WebSocket client: Netty NIO, as the server uses, one event-loop group for every connection. */
final class WsClient implements AutoCloseable
{
    private static final int MAX_FRAME_BYTES = 16 << 20;

    /** What a connection hears, on its event loop. */
    interface Listener
    {
        /** One whole text message; the buffer is released after the call. */
        void onText(WsConnection connection, ByteBuf text);

        /** The connection closed, for whatever reason. */
        default void onClose(final WsConnection connection)
        {
        }
    }

    private final EventLoopGroup group;

    WsClient(final int threads)
    {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /**
     * Opens a WebSocket and completes once the handshake is done.
     *
     * @param uri    e.g. ws://127.0.0.1:8080/v1/ws.
     * @param apiKey sent as {@code X-Api-Key}, or null for a public connection.
     */
    CompletableFuture<WsConnection> connect(final URI uri, final String apiKey, final Listener listener)
    {
        final CompletableFuture<WsConnection> opened = new CompletableFuture<>();
        final HttpHeaders headers = new DefaultHttpHeaders();
        if (null != apiKey)
        {
            headers.set("X-Api-Key", apiKey);
        }
        final WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri).customHeaders(headers).maxFramePayloadLength(MAX_FRAME_BYTES)
            .handshakeTimeoutMillis(30_000).dropPongFrames(true).build();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new WebSocketClientProtocolHandler(config))
                        .addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES))
                        .addLast(new Handler(new WsConnection(ch), listener, opened));
                }
            })
            .connect(uri.getHost(), uri.getPort())
            .addListener(f ->
            {
                if (!f.isSuccess())
                {
                    opened.completeExceptionally(f.cause());
                }
            });
        return opened;
    }

    @Override
    public void close()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Passes text frames on and reports the handshake's outcome. */
    private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        private final WsConnection connection;
        private final Listener listener;
        private final CompletableFuture<WsConnection> opened;

        Handler(final WsConnection connection, final Listener listener, final CompletableFuture<WsConnection> opened)
        {
            this.connection = connection;
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                opened.complete(connection);
            }
            else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
            {
                opened.completeExceptionally(new IllegalStateException("handshake timed out: " + ctx.channel()));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (frame instanceof TextWebSocketFrame)
            {
                listener.onText(connection, frame.content());
            }
            else if (frame instanceof CloseWebSocketFrame)
            {
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            // Whatever the listener wrote while reading goes out in one flush.
            ctx.flush();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            opened.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
            listener.onClose(connection);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }
}
