package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Order entry, closed loop: each connection keeps a fixed number of orders in flight and sends the next one as soon
 * as an acknowledgement comes back, until the orders are all acknowledged. Measures acknowledged orders per second
 * over the whole run, and each order's round trip.
 */
final class ClosedLoop
{
    /** What one run measured. */
    record Result(long orders, long nanos, Histogram latency, Outcomes outcomes)
    {
        double perSecond()
        {
            return orders * 1e9 / nanos;
        }
    }

    private ClosedLoop()
    {
    }

    /**
     * @param connections    connections, each on its own account.
     * @param inFlight       orders in flight per connection.
     * @param orders         orders in all, split evenly.
     */
    static Result run(final WsClient client, final Target target, final int connections, final int inFlight,
        final long orders) throws Exception
    {
        final Outcomes outcomes = new Outcomes();
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < connections; i++)
        {
            final long share = orders / connections + (i < orders % connections ? 1 : 0);
            final Flow flow = new Flow(target, outcomes, inFlight, share);
            flow.connection = client.connect(target.ws(), target.key(i), flow).get(30, TimeUnit.SECONDS);
            flows.add(flow);
        }
        final long start = System.nanoTime();
        flows.forEach(Flow::start);
        final Histogram latency = Latency.histogram();
        long end = start;
        for (final Flow flow : flows)
        {
            end = Math.max(end, flow.done.get(2, TimeUnit.MINUTES));
            latency.add(flow.latency);
            flow.connection.close();
        }
        return new Result(orders, end - start, latency, outcomes);
    }

    /** One connection's loop; every call after start is on the connection's event loop. */
    private static final class Flow implements WsClient.Listener
    {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final Histogram latency = Latency.histogram();
        private final Target target;
        private final Outcomes outcomes;
        private final int inFlight;
        private final long orders;
        private final long[] sentAt;
        private final int mask;
        private final Message reply = new Message();
        private final StringBuilder text = new StringBuilder(256);
        WsConnection connection;
        private final long first = OrderText.firstRequest();
        private long sent;
        private long answered;

        Flow(final Target target, final Outcomes outcomes, final int inFlight, final long orders)
        {
            this.target = target;
            this.outcomes = outcomes;
            this.inFlight = inFlight;
            this.orders = orders;
            sentAt = new long[Integer.highestOneBit(inFlight * 2 - 1) << 1];
            mask = sentAt.length - 1;
        }

        void start()
        {
            connection.eventLoop().execute(() ->
            {
                while (sent < Math.min(inFlight, orders))
                {
                    send();
                }
                connection.flush();
            });
        }

        private void send()
        {
            final long request = first + sent++;
            sentAt[(int)(request & mask)] = System.nanoTime();
            connection.write(OrderText.resting(text, request));
        }

        @Override
        public void onText(final WsConnection c, final ByteBuf frame)
        {
            final long now = System.nanoTime();
            reply.parse(frame);
            if (null == reply.requestId)
            {
                outcomes.fail("unsolicited " + reply.type);
                return;
            }
            outcomes.acknowledged(target, reply);
            latency.recordValue(Latency.micros(now - sentAt[(int)(OrderText.requestNumber(reply.requestId) & mask)]));
            if (++answered == orders)
            {
                done.complete(now);
            }
            else if (sent < orders)
            {
                send();
            }
        }

        @Override
        public void onClose(final WsConnection c)
        {
            done.completeExceptionally(new IllegalStateException("connection closed after " + answered + " replies"));
        }
    }
}
