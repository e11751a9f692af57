package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Order round trip: one connection, one command at a time: create a resting order, wait for its acknowledgement,
 * cancel it, wait, and so on. Each create and each cancel is one round trip, timed from the send to the reply.
 */
final class RoundTrip implements WsClient.Listener
{
    /** What one run measured, after the warm-up. */
    record Result(Histogram creates, Histogram cancels, Histogram both, Outcomes outcomes)
    {
    }

    private final Target target;
    private final long warmUpPairs;
    private final long pairs;
    private final Outcomes outcomes = new Outcomes();
    private final Histogram creates = Latency.histogram();
    private final Histogram cancels = Latency.histogram();
    private final Message reply = new Message();
    private final StringBuilder text = new StringBuilder(256);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // Each run numbers its requests apart from every other run's, so that a second run on the same server is never
    // taken for retries of the first (the request id is the idempotency key).
    private final long first = OrderText.firstRequest();
    private WsConnection connection;
    private long request = first;
    private long sentAt;

    private RoundTrip(final Target target, final long warmUpPairs, final long pairs)
    {
        this.target = target;
        this.warmUpPairs = warmUpPairs;
        this.pairs = pairs;
    }

    /** Runs {@code warmUpPairs} unmeasured create/cancel pairs, then {@code pairs} measured ones. */
    static Result run(final WsClient client, final Target target, final long warmUpPairs, final long pairs)
        throws Exception
    {
        final RoundTrip run = new RoundTrip(target, warmUpPairs, pairs);
        run.connection = client.connect(target.ws(), target.key(0), run).get(30, TimeUnit.SECONDS);
        run.connection.eventLoop().execute(() ->
        {
            run.sendCreate();
            run.connection.flush();
        });
        run.done.get(5, TimeUnit.MINUTES);
        run.connection.close();
        final Histogram both = run.creates.copy();
        both.add(run.cancels);
        return new Result(run.creates, run.cancels, both, run.outcomes);
    }

    private void sendCreate()
    {
        sentAt = System.nanoTime();
        // Far below the market, so the order rests until cancelled.
        connection.write(OrderText.create(text, request, "buy", "55000.00", "0.010000", "GTC"));
    }

    @Override
    public void onText(final WsConnection c, final ByteBuf frame)
    {
        final long rtt = System.nanoTime() - sentAt;
        reply.parse(frame);
        if (!outcomes.acknowledged(target, reply) || OrderText.requestNumber(reply.requestId) != request)
        {
            done.completeExceptionally(new IllegalStateException("request r" + request + " got " + reply.type
                + " " + reply.requestId + " " + reply.errorCode + " " + reply.status));
            return;
        }
        final boolean create = 0 == (request & 1);
        if (request - first >= 2 * warmUpPairs)
        {
            (create ? creates : cancels).recordValue(Latency.micros(rtt));
        }
        request++;
        if (request - first == 2 * (warmUpPairs + pairs))
        {
            done.complete(null);
        }
        else if (create)
        {
            sentAt = System.nanoTime();
            // The echo floor has no order ids: it cancels an id of the same length as the server's.
            connection.write(OrderText.cancel(text, request, target.echo() ? Long.toString(1_000_000 + request - first)
                : reply.orderId));
        }
        else
        {
            sendCreate();
        }
    }

    @Override
    public void onClose(final WsConnection c)
    {
        done.completeExceptionally(new IllegalStateException("connection closed at request r" + request));
    }
}
