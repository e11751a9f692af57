package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection whose every command is answered: times each reply from the moment its request counts from (sent or
 * planned), checks it, and completes once all are in. Every call but {@link #startsAt} is on the connection's event
 * loop; {@code startsAt} is made before the task that sends the request is queued, so the reply sees it.
 */
abstract class AckFlow implements WsClient.Listener
{
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final Histogram latency = Latency.histogram();
    /** The first request number, disjoint from every other flow's. */
    final long first = OrderText.firstRequest();
    final StringBuilder text = new StringBuilder(256);
    final long orders;
    WsConnection connection;
    private final Target target;
    private final Outcomes outcomes;
    private final long[] startNanos;
    private final int mask;
    private final Message reply = new Message();
    private long answered;

    /** @param window the most requests outstanding at once. */
    AckFlow(final Target target, final Outcomes outcomes, final long orders, final long window)
    {
        this.target = target;
        this.outcomes = outcomes;
        this.orders = orders;
        startNanos = new long[Integer.highestOneBit((int)Math.min(1 << 30, Math.max(1, window)) * 2 - 1) << 1];
        mask = startNanos.length - 1;
    }

    final void startsAt(final long request, final long nanos)
    {
        startNanos[(int)(request & mask)] = nanos;
    }

    /** After each reply but the last, e.g. to send the next request. */
    void onAnswered()
    {
    }

    @Override
    public final void onText(final WsConnection c, final ByteBuf frame)
    {
        final long now = System.nanoTime();
        reply.parse(frame);
        if (null == reply.requestId)
        {
            outcomes.fail("unsolicited " + reply.type);
            return;
        }
        outcomes.acknowledged(target, reply);
        latency.recordValue(Latency.micros(now - startNanos[(int)(OrderText.requestNumber(reply.requestId) & mask)]));
        if (++answered == orders)
        {
            done.complete(now);
        }
        else
        {
            onAnswered();
        }
    }

    @Override
    public final void onClose(final WsConnection c)
    {
        done.completeExceptionally(new IllegalStateException("connection closed after " + answered + " replies"));
    }

    /** Waits for every flow, adds their latencies to {@code latency}, closes them; returns the last reply's time. */
    static long awaitAll(final List<? extends AckFlow> flows, final long start, final Histogram latency)
        throws Exception
    {
        long end = start;
        for (final AckFlow flow : flows)
        {
            end = Math.max(end, flow.done.get(2, TimeUnit.MINUTES));
            latency.add(flow.latency);
            flow.connection.close();
        }
        return end;
    }

    /** Orders of flow {@code i} when {@code orders} are split evenly over {@code flows}. */
    static long share(final long orders, final int flows, final int i)
    {
        return orders / flows + (i < orders % flows ? 1 : 0);
    }
}
