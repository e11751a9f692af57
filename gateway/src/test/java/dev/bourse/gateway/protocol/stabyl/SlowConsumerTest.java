package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading: its order book is conflated into a fresh snapshot and its trades replayed once it
 * reads again, or it is closed if it stays stuck; other clients keep receiving everything meanwhile.
 */
class SlowConsumerTest extends VenueTest
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int MAX_PENDING = 2048;
    // The kernel buffers of a stalled client are capped too, or they would hide megabytes before any lag shows.
    private static final int SEND_BUFFER = 32 * 1024;
    // Enough bytes of deltas to fill the kernel's socket buffers of a client that does not read.
    private static final int ORDERS = 12_000;
    private static final int CHUNK = 500;
    private static final int TRADES = ORDERS / 100;

    private WsClient subscriber() throws Exception
    {
        final WsClient client = connect(null);
        client.send("{\"type\":\"subscribe\",\"topics\":[\"orderbook.USD_NGN\",\"trades.USD_NGN\"],\"snapshot\":true}");
        return client;
    }

    // Many resting bids at distinct prices, each a delta, and a trade every 100 orders. The healthy client reads
    // along, a chunk at a time, so that only the stalled client falls behind on this small, shared machine.
    private Replica floodFollowedByAHealthyClient() throws Exception
    {
        final WsClient healthy = subscriber();
        healthy.next("subscribed");
        final Replica healthyView = new Replica();
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        int trades = 0;
        for (int i = 0; i < ORDERS; i++)
        {
            alice.send(Venue.create("a" + i, "buy", String.format("%d.%02d", 1500 + i / 100, i % 100), "1.00"));
            if (i % 100 == 99)
            {
                bob.send(Venue.create("b" + i, "sell", "1500.00", "0.01"));
                trades++;
            }
            if (i % CHUNK == CHUNK - 1)
            {
                healthyView.follow(() -> healthy.next(x -> true), i + 1 + trades, trades, false);
            }
        }
        return healthyView;
    }

    @Test
    void shouldResyncALaggingClientWithABookSnapshotAndItsMissedTradesWhileOthersGetEverything() throws Exception
    {
        venue = Venue.seeded(dir, Venue.CONFIG.withSlowConsumer(MAX_PENDING, 30_000, SEND_BUFFER));
        try (RawWs lagging = stalled())
        {
            final Replica healthyView = floodFollowedByAHealthyClient();
            final Replica laggingView = new Replica();
            laggingView.follow(lagging::nextTextOrNull, ORDERS + TRADES, TRADES, true);

            final JsonNode rest = MAPPER.readTree(venue.get("/exchange/orderbook/USD_NGN/snapshot", null).body());
            for (final Replica view : List.of(healthyView, laggingView))
            {
                assertThat(view.seq).isEqualTo(rest.path("data").path("seq").asLong());
                assertThat(view.bids).isEqualTo(levels(rest.path("data").path("bids")));
            }
            assertThat(laggingView.slowConsumerErrors).isPositive();
            assertThat(laggingView.resyncs).isPositive();
        }
    }

    @Test
    void shouldCloseAClientThatStaysStuckAndKeepServingTheOthers() throws Exception
    {
        venue = Venue.seeded(dir, Venue.CONFIG.withSlowConsumer(MAX_PENDING, 200, SEND_BUFFER));
        try (RawWs stuck = stalled())
        {
            final Replica healthyView = floodFollowedByAHealthyClient();
            assertThat(healthyView.seq).isEqualTo(ORDERS + TRADES);

            // Wait until the server has dropped it (of the four sessions, the healthy one, alice and bob stay), and
            // only then read: reading earlier would drain it and let the server resync it instead.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (venue.gateway.openSessions() > 3 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertThat(venue.gateway.openSessions()).as("sessions left after the stuck one's timeout").isEqualTo(3);
            int data = 0;
            try
            {
                for (JsonNode m = stuck.nextTextOrNull(); null != m; m = stuck.nextTextOrNull())
                {
                    data += "data".equals(m.path("type").asString()) ? 1 : 0;
                }
            }
            catch (final IOException e)
            {
                // Reset by the server mid-frame: dropped all the same.
            }
            assertThat(data).as("frames sent to a client that never read: bounded, not the whole flood")
                .isLessThan(ORDERS / 2);
        }
    }

    // Subscribed to the book and trades, then reading nothing until the test asks.
    private RawWs stalled() throws Exception
    {
        final RawWs client = RawWs.open(venue, 4096);
        client.send(RawWs.frame(true, 0, RawWs.TEXT, true, ("{\"type\":\"subscribe\",\"topics\":"
            + "[\"orderbook.USD_NGN\",\"trades.USD_NGN\"],\"snapshot\":true}").getBytes(StandardCharsets.UTF_8)));
        assertThat(client.nextText().path("type").asString()).isEqualTo("subscribed");
        return client;
    }

    /** Where a replica reads its messages from. */
    private interface Source
    {
        JsonNode next() throws Exception;
    }

    /** A client's copy of the bids and the trades it saw, checked message by message. */
    private static final class Replica
    {
        final Map<String, String> bids = new TreeMap<>(Collections.reverseOrder());
        long seq;
        long tradeSeq;
        int slowConsumerErrors;
        int resyncs;

        void follow(final Source source, final long untilSeq, final long untilTradeSeq, final boolean mayLag)
            throws Exception
        {
            while (tradeSeq < untilTradeSeq || seq < untilSeq)
            {
                final JsonNode m = source.next();
                assertThat(m).as("connection ended at book seq " + seq + ", trade seq " + tradeSeq).isNotNull();
                switch (m.path("type").asString())
                {
                    case "subscribed" ->
                    {
                        for (final JsonNode snapshot : m.path("snapshots"))
                        {
                            // The first snapshot is the subscribe's own; later ones are resyncs.
                            resyncs += seq > 0 ? 1 : 0;
                            bids.clear();
                            bids.putAll(levels(snapshot.path("data").path("bids")));
                            seq = snapshot.path("seq").asLong();
                        }
                    }
                    case "error" ->
                    {
                        assertThat(mayLag).as("error on a healthy client: " + m).isTrue();
                        assertThat(m.path("code").asString()).isEqualTo("slow_consumer");
                        slowConsumerErrors++;
                    }
                    case "data" -> apply(m);
                    default -> throw new AssertionError("unexpected " + m);
                }
            }
        }

        private void apply(final JsonNode m)
        {
            if (m.path("topic").asString().startsWith("trades."))
            {
                assertThat(m.path("seq").asLong()).as("trades gap-free").isEqualTo(tradeSeq + 1);
                tradeSeq = m.path("seq").asLong();
                return;
            }
            assertThat(m.path("seq").asLong()).as("book deltas gap-free").isEqualTo(seq + 1);
            seq = m.path("seq").asLong();
            for (final JsonNode level : m.path("data").path("bids"))
            {
                if ("0".equals(level.path("quantity").asString()))
                {
                    bids.remove(level.path("price").asString());
                }
                else
                {
                    bids.put(level.path("price").asString(), level.path("quantity").asString());
                }
            }
        }
    }

    private static Map<String, String> levels(final JsonNode side)
    {
        final Map<String, String> out = new TreeMap<>(Collections.reverseOrder());
        for (final JsonNode level : side)
        {
            out.put(level.path("price").asString(), level.path("quantity").asString());
        }
        return out;
    }

}
