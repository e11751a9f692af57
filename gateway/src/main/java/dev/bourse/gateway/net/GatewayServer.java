package dev.bourse.gateway.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The HTTP/1.1 server every protocol shares: one port, requests aggregated up to a limit, then a router. */
public final class GatewayServer implements AutoCloseable
{
    /** Largest HTTP request body accepted. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /**
     * Binds and starts serving.
     *
     * @param host    the address to bind, e.g. 127.0.0.1.
     * @param port    the port, 0 for any free one.
     * @param threads event-loop threads.
     * @param sendBufferBytes the kernel send buffer per connection, 0 for the system's.
     * @param router  a new router per connection: receives each full HTTP request.
     */
    public GatewayServer(
        final String host, final int port, final int threads, final int sendBufferBytes,
        final Supplier<ChannelHandler> router) throws InterruptedException
    {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(threads,
            NioIoHandler.newFactory(SelectorProvider.provider(), ReplyPolling::new));
        final ServerBootstrap bootstrap = new ServerBootstrap();
        if (sendBufferBytes > 0)
        {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
        }
        serverChannel = bootstrap
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    channels.add(ch);
                    ch.pipeline()
                        .addLast("http", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("router", router.get());
                }
            })
            .bind(host, port).sync().channel();
    }

    /** The port actually bound. */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** Stops accepting connections; open ones stay. */
    public void stopAccepting()
    {
        serverChannel.close().syncUninterruptibly();
    }

    /**
     * Stops reading from every open connection and returns once every event loop has finished with what it had read:
     * each request read by then has reached the sequencer (or been refused), nothing new comes in.
     */
    public void stopReading()
    {
        channels.forEach(c -> c.config().setAutoRead(false));
        // A loop may be in the middle of a read whose requests it has not yet submitted; a task queued on each loop
        // after the reads were turned off runs only once that is done. Without this wait, a shutdown could see the
        // sequencer idle, close a session, and only then have a request of it executed, its answer never sent.
        for (final EventExecutor loop : workers)
        {
            loop.submit(() -> { }).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    /** Stops accepting, closes every connection and the event loops. */
    @Override
    public void close()
    {
        stopAccepting();
        channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
