package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ticker, candles, trades and the wildcards over them, on WebSocket and REST, in engine time. */
class StabylFeedsTest extends VenueTest
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final long T0 = Instant.parse("2031-01-14T10:30:00Z").toEpochMilli() * 1_000_000L;

    @BeforeEach
    void start() throws Exception
    {
        venue = Venue.seeded(dir);
        venue.clockNanos.set(T0);
    }

    private void at(final long offsetSeconds)
    {
        venue.clockNanos.set(T0 + TimeUnit.SECONDS.toNanos(offsetSeconds));
    }

    @Test
    void shouldPublishTickerAndCandlesAfterEveryTradingCommandAndCloseCandlesWhenTheirIntervalEnds() throws Exception
    {
        final WsClient watcher = connect(null);
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"ticker.usd_ngn\",\"candles.USD_NGN.1m\","
            + "\"candles.USD_NGN.1h\"]}");
        assertThat(watcher.next("subscribed").path("topics").toString())
            .isEqualTo("[\"ticker.USD_NGN\",\"candles.USD_NGN.1m\",\"candles.USD_NGN.1h\"]");
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);

        bob.send(Venue.create("s1", "sell", "1650.00", "10.00"));
        bob.next("command_ack");
        final JsonNode quoted = watcher.nextData("ticker.USD_NGN").path("data");
        assertThat(quoted.path("best_ask").asString()).isEqualTo("1650.00");
        assertThat(quoted.path("best_bid").isNull()).isTrue();
        assertThat(quoted.path("last_price").isNull()).isTrue();
        assertThat(quoted.path("volume_24h").asString()).isEqualTo("0.00");

        alice.send(Venue.create("b1", "buy", "1650.00", "4.00"));
        alice.next("command_ack");
        final JsonNode minute = watcher.nextData("candles.USD_NGN.1m");
        assertThat(minute.path("seq").asLong()).isEqualTo(1);
        assertThat(minute.path("data").toString()).isEqualTo("{\"pair_id\":\"USD/NGN\",\"interval\":\"1m\","
            + "\"open_time\":\"2031-01-14T10:30:00.000Z\",\"open\":\"1650.00\",\"high\":\"1650.00\","
            + "\"low\":\"1650.00\",\"close\":\"1650.00\",\"volume\":\"4.00\",\"closed\":false}");
        assertThat(watcher.nextData("candles.USD_NGN.1h").path("data").path("open_time").asString())
            .isEqualTo("2031-01-14T10:00:00.000Z");
        final JsonNode traded = watcher.nextData("ticker.USD_NGN");
        assertThat(traded.path("seq").asLong()).isEqualTo(2);
        assertThat(traded.path("data").toString()).isEqualTo("{\"pair_id\":\"USD/NGN\",\"best_bid\":null,"
            + "\"best_ask\":\"1650.00\",\"last_price\":\"1650.00\",\"open_24h\":\"1650.00\",\"high_24h\":\"1650.00\","
            + "\"low_24h\":\"1650.00\",\"volume_24h\":\"4.00\",\"quote_volume_24h\":\"6600.00\"}");

        // The first command stamped in the next minute closes the minute's candle, not the hour's.
        at(61);
        bob.send(Venue.create("s2", "sell", "1651.00", "1.00"));
        bob.next("command_ack");
        final JsonNode closed = watcher.nextData("candles.USD_NGN.1m");
        assertThat(closed.path("seq").asLong()).isEqualTo(2);
        assertThat(closed.path("data").path("closed").asBoolean()).isTrue();
        assertThat(closed.path("data").path("volume").asString()).isEqualTo("4.00");

        alice.send(Venue.create("b2", "buy", "1651.00", "7.00"));
        alice.next("command_ack");
        // 7.00 takes 6.00 at 1650.00, then 1.00 at 1651.00: two trades, one update of the new minute.
        final JsonNode next = watcher.nextData("candles.USD_NGN.1m");
        assertThat(next.path("seq").asLong()).isEqualTo(3);
        assertThat(next.path("data").path("open_time").asString()).isEqualTo("2031-01-14T10:31:00.000Z");
        assertThat(next.path("data").path("open").asString()).isEqualTo("1650.00");
        assertThat(next.path("data").path("close").asString()).isEqualTo("1651.00");
        assertThat(next.path("data").path("volume").asString()).isEqualTo("7.00");
        final JsonNode hour = watcher.nextData("candles.USD_NGN.1h");
        assertThat(hour.path("seq").asLong()).isEqualTo(2);
        assertThat(hour.path("data").path("volume").asString()).isEqualTo("11.00");
        assertThat(hour.path("data").path("high").asString()).isEqualTo("1651.00");
        assertThat(hour.path("data").path("closed").asBoolean()).isFalse();

        final JsonNode candles = body(venue.get("/exchange/candles?pair_id=USD_NGN&interval=1m&limit=10", null));
        assertThat(candles.path("data").path("candles").size()).isEqualTo(2);
        assertThat(candles.path("data").path("candles").get(0).path("closed").asBoolean()).isTrue();
        assertThat(candles.path("data").path("candles").get(1).path("open_time").asString())
            .isEqualTo("2031-01-14T10:31:00.000Z");
        final JsonNode ticker = body(venue.get("/exchange/ticker/24h?pair_id=USD%2FNGN", null)).path("data")
            .path("ticker");
        assertThat(ticker.path("last_price").asString()).isEqualTo("1651.00");
        assertThat(ticker.path("low_24h").asString()).isEqualTo("1650.00");
        assertThat(ticker.path("high_24h").asString()).isEqualTo("1651.00");
        assertThat(ticker.path("volume_24h").asString()).isEqualTo("11.00");

        // A day later the window holds only the newest trade.
        at(TimeUnit.HOURS.toSeconds(24) + 90);
        bob.send(Venue.create("s3", "sell", "1652.00", "1.00"));
        alice.send(Venue.create("b3", "buy", "1652.00", "1.00"));
        final JsonNode dayLater = watcher.next(m -> "ticker.USD_NGN".equals(m.path("topic").asString())
            && "1652.00".equals(m.path("data").path("last_price").asString()));
        assertThat(dayLater.path("data").path("open_24h").asString()).isEqualTo("1652.00");
        assertThat(dayLater.path("data").path("volume_24h").asString()).isEqualTo("1.00");
        assertThat(venue.get("/exchange/candles?pair_id=USD_NGN&interval=2m", null).statusCode()).isEqualTo(400);
        assertThat(venue.get("/exchange/ticker/24h", null).statusCode()).isEqualTo(400);
        assertThat(venue.get("/exchange/ticker/24h?pair_id=EUR_USD", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldPublishOneCandlePerIntervalForATakerSweepingSeveralLevelsAsTheWholeCommandLeftIt() throws Exception
    {
        final WsClient watcher = watchCandles();
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        bidTwoAtEach(bob, "1652.00", "1651.00", "1650.00");

        final List<JsonNode> candles = candlesAfter(alice, Venue.create("s1", "sell", "1650.00", "6.00"), watcher);
        assertThat(candles).extracting(m -> m.path("topic").asString()).containsExactly("candles.USD_NGN.1m",
            "candles.USD_NGN.5m", "candles.USD_NGN.15m", "candles.USD_NGN.1h", "candles.USD_NGN.4h",
            "candles.USD_NGN.1d");
        assertThat(candles).extracting(m -> m.path("data").path("open_time").asString()).containsExactly(
            "2031-01-14T10:30:00.000Z", "2031-01-14T10:30:00.000Z", "2031-01-14T10:30:00.000Z",
            "2031-01-14T10:00:00.000Z", "2031-01-14T08:00:00.000Z", "2031-01-14T00:00:00.000Z");
        for (final JsonNode c : candles)
        {
            assertThat(c.path("seq").asLong()).isEqualTo(1);
            assertThat(ohlcv(c)).isEqualTo("1652.00 1652.00 1650.00 1650.00 6.00 false");
        }
    }

    @Test
    void shouldSendTheClosedCandleBeforeTheOneOpenedByATradeInTheNextIntervalAndTheSameFramesAfterReplay()
        throws Exception
    {
        final WsClient watcher = watchCandles();
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        bidTwoAtEach(bob, "1652.00", "1651.00");
        final List<JsonNode> opening = candlesAfter(alice, Venue.create("s1", "sell", "1652.00", "1.00"), watcher);
        assertThat(opening).hasSize(6);
        final JsonNode first = opening.get(0);
        assertThat(ohlcv(first)).isEqualTo("1652.00 1652.00 1652.00 1652.00 1.00 false");

        // The first command of the next minute trades: 1.00 at 1652.00 and 2.00 at 1651.00.
        at(65);
        final List<JsonNode> boundary = candlesAfter(alice, Venue.create("s2", "sell", "1651.00", "3.00"), watcher);
        assertThat(boundary).extracting(m -> m.path("topic").asString()).containsExactly("candles.USD_NGN.1m",
            "candles.USD_NGN.1m", "candles.USD_NGN.5m", "candles.USD_NGN.15m", "candles.USD_NGN.1h",
            "candles.USD_NGN.4h", "candles.USD_NGN.1d");
        final JsonNode closed = boundary.get(0);
        assertThat(closed.path("seq").asLong()).isEqualTo(2);
        assertThat(closed.path("data").path("open_time").asString()).isEqualTo("2031-01-14T10:30:00.000Z");
        assertThat(ohlcv(closed)).isEqualTo("1652.00 1652.00 1652.00 1652.00 1.00 true");
        final JsonNode opened = boundary.get(1);
        assertThat(opened.path("seq").asLong()).isEqualTo(3);
        assertThat(opened.path("data").path("open_time").asString()).isEqualTo("2031-01-14T10:31:00.000Z");
        assertThat(ohlcv(opened)).isEqualTo("1652.00 1652.00 1651.00 1651.00 3.00 false");
        for (final JsonNode longer : boundary.subList(2, boundary.size()))
        {
            assertThat(longer.path("seq").asLong()).isEqualTo(2);
            assertThat(ohlcv(longer)).isEqualTo("1652.00 1652.00 1651.00 1651.00 4.00 false");
        }

        // A command without trades closes the minute the sweep opened, once.
        at(125);
        final List<JsonNode> later = candlesAfter(bob, Venue.create("b3", "buy", "1600.00", "1.00"), watcher);
        assertThat(later).hasSize(1);
        assertThat(later.get(0).path("seq").asLong()).isEqualTo(4);
        assertThat(ohlcv(later.get(0))).isEqualTo("1652.00 1652.00 1651.00 1651.00 3.00 true");

        // Replaying the log makes the same frames with the same numbers.
        closeClients();
        venue.close();
        venue = Venue.reopen(dir);
        final WsClient back = connect(null);
        back.send("{\"type\":\"subscribe\",\"topics\":[\"candles.USD_NGN.1m\"],\"resume\":{\"candles.USD_NGN.1m\":"
            + "{\"epoch\":\"" + first.path("epoch").asString() + "\",\"seq\":0}}}");
        assertThat(back.next("subscribed").path("resumed").toString()).isEqualTo("[\"candles.USD_NGN.1m\"]");
        final List<JsonNode> live = List.of(first, closed, opened, later.get(0));
        for (final JsonNode frame : live)
        {
            assertThat(back.nextData("candles.USD_NGN.1m")).isEqualTo(frame);
        }
    }

    @Test
    void shouldFollowEveryMarketThroughWildcardsIncludingOnesListedLaterWithoutDuplicates() throws Exception
    {
        final WsClient watcher = connect(null);
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"trades.*\",\"trades.USD_NGN\",\"candles.*\"]}");
        assertThat(watcher.next("subscribed").path("topics").toString())
            .isEqualTo("[\"trades.*\",\"trades.USD_NGN\",\"candles.*\"]");
        venue.submit(new CreateAsset("EUR", 2));
        venue.submit(new CreateInstrument("EUR", "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
            1000, 1800_00, InstrumentStatus.TRADING));
        venue.submit(new Deposit(2, "EUR", 1_000_00, null));

        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        bob.send(Venue.create("s1", "sell", "1650.00", "1.00"));
        bob.next("command_ack");
        alice.send(Venue.create("b1", "buy", "1650.00", "1.00"));
        alice.next("command_ack");
        bob.send(Venue.create("s2", "sell", "1800.00", "1.00").replace("USD/NGN", "EUR/NGN"));
        bob.next("command_ack");
        alice.send(Venue.create("b2", "buy", "1800.00", "1.00").replace("USD/NGN", "EUR/NGN"));
        alice.next("command_ack");

        assertThat(watcher.nextData("trades.USD_NGN").path("data").path("price").asString()).isEqualTo("1650.00");
        final JsonNode listedLater = watcher.nextData("trades.EUR_NGN");
        assertThat(listedLater.path("seq").asLong()).isEqualTo(1);
        assertThat(listedLater.path("data").path("pair_id").asString()).isEqualTo("EUR/NGN");
        assertThat(watcher.nextData("candles.EUR_NGN.1d").path("data").path("volume").asString()).isEqualTo("1.00");
        // Followed twice (exactly and by wildcard), a topic still arrives once: a pong closes the window.
        watcher.send("{\"type\":\"ping\",\"id\":\"barrier\"}");
        watcher.next("pong");
        assertThat(watcher.untaken().stream().filter(m -> "trades.USD_NGN".equals(m.path("topic").asString())))
            .isEmpty();

        watcher.send("{\"type\":\"unsubscribe\",\"topics\":[\"trades.*\"]}");
        watcher.next("unsubscribed");
        bob.send(Venue.create("s3", "sell", "1800.00", "1.00").replace("USD/NGN", "EUR/NGN"));
        alice.send(Venue.create("b3", "buy", "1800.00", "1.00").replace("USD/NGN", "EUR/NGN"));
        bob.send(Venue.create("s4", "sell", "1650.00", "1.00"));
        alice.send(Venue.create("b4", "buy", "1650.00", "1.00"));
        assertThat(watcher.nextData("trades.USD_NGN").path("seq").asLong()).isEqualTo(2);
        watcher.send("{\"type\":\"ping\",\"id\":\"barrier\"}");
        watcher.next("pong");
        assertThat(watcher.untaken().stream().filter(m -> "trades.EUR_NGN".equals(m.path("topic").asString())))
            .isEmpty();

        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"candles.USD_NGN.*\"]}");
        assertThat(watcher.next("error").path("code").asString()).isEqualTo("wildcard_not_supported");
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"candles.USD_NGN.2m\"]}");
        assertThat(watcher.next("error").path("code").asString()).isEqualTo("unknown_topic");
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"ticker.USD_NGN.1m\"]}");
        assertThat(watcher.next("error").path("code").asString()).isEqualTo("unknown_topic");
    }

    @Test
    void shouldServeRecentTradesAndOwnFillsOverRest() throws Exception
    {
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        bob.send(Venue.create("s1", "sell", "1650.00", "3.00"));
        bob.next("command_ack");
        alice.send(Venue.create("b1", "buy", "1650.00", "1.00"));
        alice.next("command_ack");
        alice.send(Venue.create("b2", "buy", "1650.00", "2.00"));
        alice.next("command_ack");

        final JsonNode trades = body(venue.get("/exchange/trades?pair_id=USD_NGN&limit=1", null));
        assertThat(trades.path("data").path("trades").size()).isEqualTo(1);
        assertThat(trades.path("data").path("trades").get(0).path("quantity").asString()).isEqualTo("2.00");
        assertThat(body(venue.get("/exchange/trades?pair_id=USD_NGN", null)).path("data").path("trades").size())
            .isEqualTo(2);

        final JsonNode bobFills = body(venue.get("/exchange/fills?pair_id=USD/NGN", Venue.KEY_B));
        assertThat(bobFills.path("data").path("fills").size()).isEqualTo(2);
        assertThat(bobFills.path("data").path("fills").get(0).path("liquidity").asString()).isEqualTo("maker");
        final JsonNode aliceFills = body(venue.get("/exchange/fills?limit=1", Venue.KEY_A));
        assertThat(aliceFills.path("data").path("fills").size()).isEqualTo(1);
        assertThat(aliceFills.path("data").path("fills").get(0).path("liquidity").asString()).isEqualTo("taker");
        assertThat(venue.get("/exchange/fills", Venue.KEY_NO_READ).statusCode()).isEqualTo(403);
        assertThat(venue.get("/exchange/fills", null).statusCode()).isEqualTo(401);
        assertThat(venue.get("/exchange/fills?limit=0", Venue.KEY_A).statusCode()).isEqualTo(400);
        assertThat(venue.get("/exchange/trades?pair_id=NOPE", null).statusCode()).isEqualTo(404);
    }

    /** A public client following every candle interval of USD/NGN. */
    private WsClient watchCandles() throws Exception
    {
        final WsClient watcher = connect(null);
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"candles.USD_NGN.1m\",\"candles.USD_NGN.5m\","
            + "\"candles.USD_NGN.15m\",\"candles.USD_NGN.1h\",\"candles.USD_NGN.4h\",\"candles.USD_NGN.1d\"]}");
        watcher.next("subscribed");
        return watcher;
    }

    /** Rests a bid of 2.00 at each price, one command each. */
    private static void bidTwoAtEach(final WsClient bidder, final String... prices) throws InterruptedException
    {
        for (final String price : prices)
        {
            bidder.send(Venue.create("b" + price, "buy", price, "2.00"));
            bidder.next("command_ack");
        }
    }

    /**
     * Sends a command and returns the candle frames the watcher got since it last looked, in arrival order. The projection
     * queues a command's frames before the command is acknowledged, so a ping sent after the ack comes back after them.
     */
    private static List<JsonNode> candlesAfter(final WsClient trader, final String command, final WsClient watcher)
        throws InterruptedException
    {
        trader.send(command);
        trader.next("command_ack");
        watcher.send("{\"type\":\"ping\",\"id\":\"barrier\"}");
        final List<JsonNode> candles = new ArrayList<>();
        for (JsonNode m = watcher.next(any -> true); !"pong".equals(m.path("type").asString());
            m = watcher.next(any -> true))
        {
            if (m.path("topic").asString("").startsWith("candles."))
            {
                candles.add(m);
            }
        }
        return candles;
    }

    /** A candle frame's open, high, low, close, volume and closed flag, on one line. */
    private static String ohlcv(final JsonNode frame)
    {
        final JsonNode c = frame.path("data");
        return String.join(" ", c.path("open").asString(), c.path("high").asString(), c.path("low").asString(),
            c.path("close").asString(), c.path("volume").asString(), c.path("closed").asString());
    }

    private static JsonNode body(final HttpResponse<String> response)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    @Test
    void shouldResumeATopicAlsoFollowedByWildcardOnlyWhenEveryLaterFrameReachesTheClient() throws Exception
    {
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        final WsClient first = connect(null);
        first.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"]}");
        first.next("subscribed");
        trade(alice, bob, "1");
        final long seen = first.nextData("trades.USD_NGN").path("seq").asLong();
        first.close();
        trade(alice, bob, "2");
        trade(alice, bob, "3");

        // The wildcard named first, the resume key's pair in another case: the exact topic still replays what it missed.
        final WsClient back = connect(null);
        back.send("{\"type\":\"subscribe\",\"topics\":[\"trades.*\",\"trades.usd_ngn\"],\"resume\":{"
            + "\"trades.Usd_Ngn\":" + resumePoint(seen) + "}}");
        assertThat(back.next("subscribed").path("resumed").toString()).isEqualTo("[\"trades.USD_NGN\"]");
        assertThat(back.nextData("trades.USD_NGN").path("seq").asLong()).isEqualTo(seen + 1);
        assertThat(back.nextData("trades.USD_NGN").path("seq").asLong()).isEqualTo(seen + 2);

        // Following by wildcard since seen + 2, a connection cannot be sent what came before, after what came since.
        final WsClient watcher = connect(null);
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"trades.*\"]}");
        watcher.next("subscribed");
        trade(alice, bob, "4");
        assertThat(watcher.nextData("trades.USD_NGN").path("seq").asLong()).isEqualTo(seen + 3);
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"resume\":{"
            + "\"trades.USD_NGN\":" + resumePoint(seen) + "}}");
        assertThat(watcher.next("subscribed").path("resume_failed").toString())
            .isEqualTo("[{\"topic\":\"trades.USD_NGN\",\"reason\":\"too_old\"}]");
        watcher.send("{\"type\":\"unsubscribe\",\"topics\":[\"trades.USD_NGN\"]}");
        watcher.next("unsubscribed");
        // Nor can a point ahead of the topic be resumed from.
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"resume\":{"
            + "\"trades.USD_NGN\":" + resumePoint(seen + 100) + "}}");
        assertThat(watcher.next("subscribed").path("resume_failed").get(0).path("reason").asString())
            .isEqualTo("too_old");
        watcher.send("{\"type\":\"unsubscribe\",\"topics\":[\"trades.USD_NGN\"]}");
        watcher.next("unsubscribed");
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"resume\":{"
            + "\"trades.USD_NGN\":" + resumePoint(seen + 2) + "}}");
        assertThat(watcher.next("subscribed").path("resumed").toString()).isEqualTo("[\"trades.USD_NGN\"]");

        // A resume point of the wrong shape is refused whole, with nothing subscribed.
        watcher.send("{\"type\":\"subscribe\",\"topics\":[\"ticker.USD_NGN\"],\"resume\":{"
            + "\"ticker.USD_NGN\":{\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":\"3\"}}}");
        assertThat(watcher.next("error").path("code").asString()).isEqualTo("invalid_message");
        trade(alice, bob, "5");
        watcher.send("{\"type\":\"ping\",\"id\":\"barrier\"}");
        watcher.next("pong");
        assertThat(watcher.untaken().stream().filter(m -> "ticker.USD_NGN".equals(m.path("topic").asString())))
            .isEmpty();
    }

    private String resumePoint(final long seq)
    {
        return "{\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":" + seq + "}";
    }

    private static void trade(final WsClient buyer, final WsClient seller, final String id) throws Exception
    {
        seller.send(Venue.create("s" + id, "sell", "1650.00", "1.00"));
        seller.next("command_ack");
        buyer.send(Venue.create("b" + id, "buy", "1650.00", "1.00"));
        buyer.next("command_ack");
    }
}
