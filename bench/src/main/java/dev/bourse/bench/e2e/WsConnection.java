package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One open WebSocket of the load generator: writes ASCII text frames, buffered until a flush. */
final class WsConnection
{
    private final Channel channel;

    WsConnection(final Channel channel)
    {
        this.channel = channel;
    }

    Channel channel()
    {
        return channel;
    }

    EventLoop eventLoop()
    {
        return channel.eventLoop();
    }

    boolean isOpen()
    {
        return channel.isActive();
    }

    /** Queues one text message; on the event loop, read handlers flush at the end of the read batch. */
    void write(final CharSequence ascii)
    {
        channel.write(new TextWebSocketFrame(ByteBufUtil.writeAscii(channel.alloc(), ascii)), channel.voidPromise());
    }

    void flush()
    {
        channel.flush();
    }

    ChannelFuture close()
    {
        return channel.close();
    }
}
