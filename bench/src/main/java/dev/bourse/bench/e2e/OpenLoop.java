package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
            final long share = orders / connections + (i < orders % connections ? 1 : 0);
            final Flow flow = new Flow(target, outcomes, scripts.apply(i), share);
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
        long end = start;
        for (final Flow flow : flows)
        {
            end = Math.max(end, flow.done.get(2, TimeUnit.MINUTES));
            latency.add(flow.latency);
            flow.connection.close();
        }
        return new Result(perSecond, orders * 1e9 / (end - start), latency, outcomes);
    }

    /** One connection: due sends are collected on the pacer's thread and written in one task on the event loop. */
    private static final class Flow implements WsClient.Listener
    {
        private static final int CAPACITY = 1 << 20;

        final CompletableFuture<Long> done = new CompletableFuture<>();
        final Histogram latency = Latency.histogram();
        private final Target target;
        private final Outcomes outcomes;
        private final Script script;
        private final long orders;
        // Planned send time by request number; written before the task that sends it is queued, read after its reply.
        private final long[] planned = new long[CAPACITY];
        private final Message reply = new Message();
        private final StringBuilder text = new StringBuilder(256);
        WsConnection connection;
        private final long first = OrderText.firstRequest();
        private long due;
        private long dispatched;
        private long sent;
        private long answered;

        Flow(final Target target, final Outcomes outcomes, final Script script, final long orders)
        {
            this.target = target;
            this.outcomes = outcomes;
            this.script = script;
            this.orders = orders;
        }

        void due(final long plannedNanos)
        {
            planned[(int)(due++ & (CAPACITY - 1))] = plannedNanos;
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
            final long request = OrderText.requestNumber(reply.requestId);
            latency.recordValue(Latency.micros(now - planned[(int)(request & (CAPACITY - 1))]));
            if (++answered == orders)
            {
                done.complete(now);
            }
        }

        @Override
        public void onClose(final WsConnection c)
        {
            done.completeExceptionally(new IllegalStateException("connection closed after " + answered + " replies"));
        }
    }
}
