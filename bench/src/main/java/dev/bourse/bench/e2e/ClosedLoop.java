package dev.bourse.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
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
            final Flow flow = new Flow(target, outcomes, inFlight, AckFlow.share(orders, connections, i));
            flow.connection = client.connect(target.ws(), target.key(i), flow).get(30, TimeUnit.SECONDS);
            flows.add(flow);
        }
        final long start = System.nanoTime();
        flows.forEach(Flow::start);
        final Histogram latency = Latency.histogram();
        final long end = AckFlow.awaitAll(flows, start, latency);
        return new Result(orders, end - start, latency, outcomes);
    }

    /** One connection's loop: keeps {@code inFlight} orders out, sending the next on each reply. */
    private static final class Flow extends AckFlow
    {
        private final int inFlight;
        private long sent;

        Flow(final Target target, final Outcomes outcomes, final int inFlight, final long orders)
        {
            super(target, outcomes, orders, inFlight);
            this.inFlight = inFlight;
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
            startsAt(request, System.nanoTime());
            connection.write(OrderText.resting(text, request));
        }

        @Override
        void onAnswered()
        {
            if (sent < orders)
            {
                send();
            }
        }
    }
}
