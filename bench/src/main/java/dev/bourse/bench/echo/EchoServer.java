package dev.bourse.bench.echo;

import dev.bourse.gateway.json.Utf8;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;

/**
 * The floor every gateway figure is compared with: a WebSocket server on the gateway's own stack (Netty NIO, the same
 * thread counts, HTTP codec, aggregator, handshake, frame aggregation, and the copy of each message that the gateway
 * checks for UTF-8 and parses, here only checked) that sends every text
 * frame straight back and does nothing else. Writes are flushed once per read batch, as the gateway does. For the
 * fan-out floor, a connection opened with {@code ?publish=true} is a publisher instead: each of its frames is copied
 * to every other connection. Never part of the product.
 */
public final class EchoServer
{
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private EchoServer()
    {
    }

    /** Serves until killed; prints {@code echo listening on port N} once bound. Argument: the port, 0 for any. */
    public static void main(final String[] args) throws InterruptedException
    {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
            Math.max(1, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        final ChannelGroup listeners = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final Channel server = new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline()
                        .addLast("http", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("upgrade", new Upgrade(listeners));
                }
            })
            .bind("127.0.0.1", port).sync().channel();
        System.out.println("echo listening on port " + ((InetSocketAddress)server.localAddress()).getPort());
        System.out.flush();
        server.closeFuture().sync();
    }

    /** Upgrades any request to a WebSocket, then hands the connection to {@link Echo}. */
    private static final class Upgrade extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        private final ChannelGroup listeners;

        Upgrade(final ChannelGroup listeners)
        {
            this.listeners = listeners;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + "/v1/ws", null,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME_BYTES).allowExtensions(false)
                    .withUTF8Validator(false).build());
            final WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
            if (null == handshaker)
            {
                ctx.writeAndFlush(new DefaultFullHttpResponse(
                    request.protocolVersion(), HttpResponseStatus.BAD_REQUEST)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            final boolean publisher = new QueryStringDecoder(request.uri()).parameters().containsKey("publish");
            handshaker.handshake(ctx.channel(), request).addListener(f ->
            {
                if (f.isSuccess())
                {
                    ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME_BYTES));
                    if (publisher)
                    {
                        ctx.pipeline().addLast("publish", new Publish(listeners));
                    }
                    else
                    {
                        listeners.add(ctx.channel());
                        ctx.pipeline().addLast("echo", new Echo());
                    }
                    ctx.pipeline().remove(this);
                }
            });
        }
    }

    /** Sends text frames back as they came; answers a close. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (isUtf8Text(frame))
            {
                ctx.write(frame.retain());
            }
            else
            {
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            ctx.flush();
        }
    }

    /** Copies each text frame to every listening connection; flushes them once per read batch. */
    private static final class Publish extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        private final ChannelGroup listeners;

        Publish(final ChannelGroup listeners)
        {
            this.listeners = listeners;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (isUtf8Text(frame))
            {
                // The group writes a duplicate to each connection and releases this reference once done.
                listeners.write(frame.retain());
            }
            else
            {
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            listeners.flush();
        }
    }

    // The gateway copies each text message out of its buffer and checks it for UTF-8 before parsing: so does the floor.
    private static boolean isUtf8Text(final WebSocketFrame frame)
    {
        return frame instanceof TextWebSocketFrame && Utf8.isValid(ByteBufUtil.getBytes(frame.content()));
    }
}
