package dev.bourse.bench.e2e;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Market-data fan-out: many subscribers on the order book and trades of one instrument while orders flow at a
 * constant rate. On Bourse a maker rests orders near the middle and a taker crosses with IOC orders, so the book
 * changes and trades print; on the echo floor a publisher sends data frames of the same size that the echo server
 * copies to every other connection. Counts delivered messages, checks every subscriber for gaps and book checksums.
 */
final class FanOut
{
    private static final DateTimeFormatter TS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What one run measured. */
    record Result(int subscribers, double sentPerSecond, long delivered, double deliveredPerSecond,
        Histogram latency, long gaps, long checksumFailures, long slowConsumer, long otherErrors, long incomplete,
        Outcomes driver)
    {
        boolean clean()
        {
            return 0 == gaps && 0 == checksumFailures && 0 == slowConsumer && 0 == otherErrors && 0 == incomplete
                && 0 == driver.total();
        }
    }

    private FanOut()
    {
    }

    /**
     * @param perSecond commands (Bourse) or data frames (echo) per second.
     * @param seconds   how long they are sent.
     */
    static Result run(final WsClient client, final Target target, final int subscribers, final double perSecond,
        final double seconds, final long seed) throws Exception
    {
        final List<Subscriber> listeners = new ArrayList<>();
        for (int i = 0; i < subscribers; i++)
        {
            listeners.add(new Subscriber());
        }
        final List<WsConnection> connections = Connections.open(client, target.ws(), i -> null, listeners).all();
        final String subscribe = "{\"type\":\"subscribe\",\"topics\":[\"orderbook." + BenchVenue.TOPIC_PAIR
            + "\",\"trades." + BenchVenue.TOPIC_PAIR + "\"],\"snapshot\":true}";
        if (!target.echo())
        {
            for (final WsConnection c : connections)
            {
                c.write(subscribe);
                c.flush();
            }
            for (final Subscriber s : listeners)
            {
                s.subscribed.get(30, TimeUnit.SECONDS);
            }
        }
        final long count = (long)(perSecond * seconds);
        final long start = System.nanoTime();
        final Outcomes driver = target.echo()
            ? publish(client, target, perSecond, count)
            : OpenLoop.run(client, target, 2, perSecond, count, i -> 0 == i ? maker(seed) : taker(seed + 1)).outcomes();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = start;
        while (System.nanoTime() < deadline)
        {
            last = listeners.stream().mapToLong(s -> s.lastReceivedNanos).max().orElse(start);
            if (System.nanoTime() - last > IDLE_NANOS)
            {
                break;
            }
            Thread.sleep(100);
        }
        connections.forEach(WsConnection::close);
        final Histogram latency = Latency.histogram();
        long delivered = 0;
        long gaps = 0;
        long checksums = 0;
        long slow = 0;
        long errors = 0;
        final long finalBook = listeners.stream().mapToLong(s -> s.bookSeq).max().orElse(-1);
        final long finalTrade = listeners.stream().mapToLong(s -> s.tradeSeq).max().orElse(-1);
        long incomplete = 0;
        for (final Subscriber s : listeners)
        {
            latency.add(s.latency);
            delivered += s.messages;
            gaps += s.gaps;
            checksums += s.checksumFailures;
            slow += s.slowConsumer;
            errors += s.otherErrors;
            incomplete += s.bookSeq != finalBook || s.tradeSeq != finalTrade ? 1 : 0;
        }
        return new Result(subscribers, perSecond, delivered, delivered * 1e9 / (last - start), latency, gaps,
            checksums, slow, errors, incomplete, driver);
    }

    // Rests 1 to 5 thousandths of a BTC one to ten dollars from 60,000 on a random side.
    private static OpenLoop.Script maker(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        return (text, request) ->
        {
            final boolean buy = random.nextBoolean();
            final int away = 1 + random.nextInt(10);
            return OrderText.create(text, request, buy ? "buy" : "sell", (buy ? 60_000 - away : 60_000 + away) + ".00",
                "0.00" + (1 + random.nextInt(5)) + "000", "GTC");
        };
    }

    // Crosses up to fifteen dollars deep with 1 to 3 thousandths, immediate-or-cancel.
    private static OpenLoop.Script taker(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        return (text, request) ->
        {
            final boolean buy = random.nextBoolean();
            return OrderText.create(text, request, buy ? "buy" : "sell", buy ? "60015.00" : "59985.00",
                "0.00" + (1 + random.nextInt(3)) + "000", "IOC");
        };
    }

    // The echo floor's market data: trade-sized data frames, numbered, stamped, copied by the server to the others.
    private static Outcomes publish(final WsClient client, final Target target, final double perSecond,
        final long count) throws Exception
    {
        final WsConnection publisher = client.connect(URI.create(target.ws() + "?publish=true"), null,
            (c, text) -> { }).get(30, TimeUnit.SECONDS);
        final StringBuilder text = new StringBuilder(320);
        final long[] seq = {0};
        final long[] due = {0};
        Pacer.run(perSecond, count, new Pacer.Sender()
        {
            @Override
            public void send(final long index, final long plannedNanos)
            {
                due[0] = index + 1;
            }

            @Override
            public void endOfBatch()
            {
                final long upTo = due[0];
                publisher.eventLoop().execute(() ->
                {
                    while (seq[0] < upTo)
                    {
                        final long n = ++seq[0];
                        final String ts = TS.format(Instant.now());
                        text.setLength(0);
                        text.append("{\"type\":\"data\",\"topic\":\"trades.").append(BenchVenue.TOPIC_PAIR)
                            .append("\",\"epoch\":\"019a8b5c-7e21-7c3d-9a4f-2b6e8d1c0f57\",\"seq\":").append(n)
                            .append(",\"ts\":\"").append(ts).append("\",\"data\":{\"id\":\"").append(1_000_000 + n)
                            .append("\",\"pair_id\":\"").append(BenchVenue.PAIR)
                            .append("\",\"price\":\"60000.00\",\"quantity\":\"0.002000\",\"side\":\"buy\","
                                + "\"created_at\":\"").append(ts).append("\"}}");
                        publisher.write(text);
                    }
                    publisher.flush();
                });
            }
        });
        // Queued behind the last frames on the publisher's event loop, so the close follows them.
        publisher.close();
        // The floor has no acknowledgements to check.
        return new Outcomes();
    }
}
