package dev.bourse.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Commands sent open loop, for latency under load and to drive the fan-out scenario: a constant rate spread over
 * several connections, whatever the replies do, each command timed from its planned send time to its acknowledgement
 * (so a stalled server cannot hide behind a stalled client).
 */
final class OpenLoop
{
    /** What one run measured. */
    record Result(double offeredPerSecond, double achievedPerSecond, Histogram latency, Outcomes outcomes)
    {
    }

    private OpenLoop()
    {
    }

    /** What a connection sends: the command with the given request number. */
    interface Script
    {
        CharSequence write(StringBuilder text, long request);
    }

    /**
     * @param connections connections, on accounts 0 to n-1; orders go to them in turn.
     * @param perSecond   the constant rate, over all connections.
     * @param orders      commands in all.
     * @param scripts     what connection i sends.
     */
    static Result run(final WsClient client, final Target target, final int connections, final double perSecond,
        final long orders, final IntFunction<Script> scripts) throws Exception
    {
        final Outcomes outcomes = new Outcomes();
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < connections; i++)
        {
            final Flow flow = new Flow(target, outcomes, scripts.apply(i), AckFlow.share(orders, connections, i));
            flow.connection = client.connect(target.ws(), target.key(i), flow).get(30, TimeUnit.SECONDS);
            flows.add(flow);
        }
        final long start = Pacer.run(perSecond, orders, new Pacer.Sender()
        {
            @Override
            public void send(final long index, final long plannedNanos)
            {
                flows.get((int)(index % connections)).due(plannedNanos);
            }

            @Override
            public void endOfBatch()
            {
                flows.forEach(Flow::dispatch);
            }
        });
        final Histogram latency = Latency.histogram();
        final long end = AckFlow.awaitAll(flows, start, latency);
        return new Result(perSecond, orders * 1e9 / (end - start), latency, outcomes);
    }

    /** One connection: due sends are collected on the pacer's thread and written in one task on the event loop. */
    private static final class Flow extends AckFlow
    {
        private final Script script;
        private long due;
        private long dispatched;
        private long sent;

        Flow(final Target target, final Outcomes outcomes, final Script script, final long orders)
        {
            // Open loop: a stalled server may leave every order of the run outstanding.
            super(target, outcomes, orders, orders);
            this.script = script;
        }

        void due(final long plannedNanos)
        {
            startsAt(first + due++, plannedNanos);
        }

        void dispatch()
        {
            final long upTo = due;
            if (upTo == dispatched)
            {
                return;
            }
            dispatched = upTo;
            connection.eventLoop().execute(() ->
            {
                while (sent < upTo)
                {
                    connection.write(script.write(text, first + sent++));
                }
                connection.flush();
            });
        }
    }
}
