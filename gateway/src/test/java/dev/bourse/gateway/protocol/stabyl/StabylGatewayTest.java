package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StabylGatewayTest extends VenueTest
{

    @BeforeEach
    void start() throws Exception
    {
        venue = Venue.seeded(dir);
    }

    @Test
    void shouldTradeBetweenTwoAccountsWithFillsTradesAndBookDeltasThatAgree() throws Exception
    {
        final WsClient alice = connect(Venue.KEY_A);
        final WsClient bob = connect(Venue.KEY_B);
        alice.send("{\"type\":\"subscribe\",\"topics\":[\"orderbook.usd_ngn\",\"trades.USD_NGN\",\"user.orders\","
            + "\"user.fills\"],\"snapshot\":true}");
        final JsonNode subscribed = alice.next("subscribed");
        assertThat(subscribed.path("topics").toString())
            .isEqualTo("[\"orderbook.USD_NGN\",\"trades.USD_NGN\",\"user.orders\",\"user.fills\"]");
        assertThat(subscribed.path("epoch").asString()).isEqualTo(venue.gateway.epoch());
        final JsonNode snapshot = subscribed.path("snapshots").get(0);
        assertThat(snapshot.path("topic").asString()).isEqualTo("orderbook.USD_NGN");
        assertThat(snapshot.path("data").path("bids").size()).isZero();
        bob.send("{\"type\":\"subscribe\",\"topics\":[\"user.fills\"]}");
        bob.next("subscribed");

        bob.send(Venue.create("b1", "sell", "1650.00", "10.00"));
        final JsonNode sellAck = bob.next("command_ack");
        assertThat(sellAck.path("status").asString()).isEqualTo("accepted");
        assertThat(sellAck.path("client_order_id").asString()).isEqualTo("c-b1");
        assertThat(sellAck.path("replayed").asBoolean()).isFalse();
        final JsonNode delta1 = alice.nextData("orderbook.USD_NGN");
        assertThat(delta1.path("data").path("asks").toString())
            .isEqualTo("[{\"price\":\"1650.00\",\"quantity\":\"10.00\"}]");
        assertThat(delta1.path("data").path("checksum").asLong()).isEqualTo(Venue.crc("1650.00:10.00#"));
        assertThat(delta1.path("data").path("sequence").asLong()).isEqualTo(delta1.path("seq").asLong());

        alice.send(Venue.create("a1", "buy", "1650.00", "4.00"));
        final JsonNode buyAck = alice.next("command_ack");
        assertThat(buyAck.path("status").asString()).isEqualTo("filled");
        final JsonNode trade = alice.nextData("trades.USD_NGN");
        assertThat(trade.path("data").path("price").asString()).isEqualTo("1650.00");
        assertThat(trade.path("data").path("quantity").asString()).isEqualTo("4.00");
        assertThat(trade.path("data").path("side").asString()).isEqualTo("buy");
        assertThat(trade.path("seq").asLong()).isEqualTo(1);
        final JsonNode aliceFill = alice.nextData("user.fills");
        assertThat(aliceFill.path("data").path("liquidity").asString()).isEqualTo("taker");
        assertThat(aliceFill.path("data").path("order_id").asString()).isEqualTo(buyAck.path("order_id").asString());
        final JsonNode bobFill = bob.nextData("user.fills");
        assertThat(bobFill.path("data").path("liquidity").asString()).isEqualTo("maker");
        assertThat(bobFill.path("data").path("side").asString()).isEqualTo("sell");
        final JsonNode delta2 = alice.nextData("orderbook.USD_NGN");
        assertThat(delta2.path("seq").asLong()).isEqualTo(delta1.path("seq").asLong() + 1);
        assertThat(delta2.path("data").path("asks").toString())
            .isEqualTo("[{\"price\":\"1650.00\",\"quantity\":\"6.00\"}]");
        assertThat(delta2.path("data").path("checksum").asLong()).isEqualTo(Venue.crc("1650.00:6.00#"));
        final JsonNode order = alice.next(m -> "user.orders".equals(m.path("topic").asString())
            && "filled".equals(m.path("data").path("status").asString()));
        assertThat(order.path("data").path("avg_fill_price").asString()).isEqualTo("1650.00");
        assertThat(order.path("data").path("filled_quantity").asString()).isEqualTo("4.00");
    }

    @Test
    void shouldReplayTheFirstResultForARetriedCommandAndRefuseAConflictingReuse() throws Exception
    {
        final WsClient alice = connect(Venue.KEY_A);
        alice.send(Venue.create("r1", "buy", "1600.00", "1.00"));
        final JsonNode first = alice.next("command_ack");
        alice.close();

        final WsClient again = connect(Venue.KEY_A);
        again.send(Venue.create("r1", "buy", "1600.00", "1.00"));
        final JsonNode replay = again.next("command_ack");
        assertThat(replay.path("order_id").asString()).isEqualTo(first.path("order_id").asString());
        assertThat(replay.path("replayed").asBoolean()).isTrue();

        again.send(Venue.create("r1", "buy", "1601.00", "1.00"));
        final JsonNode conflict = again.next("command_error");
        assertThat(conflict.path("error").path("code").asString()).isEqualTo("CONFLICT");
    }

    @Test
    void shouldAnswerEveryBadMessageWithItsErrorAndKeepTheConnection() throws Exception
    {
        final WsClient publicClient = connect(null);
        publicClient.send("not json");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("invalid_message");
        publicClient.send("[1,2]");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("invalid_message");
        publicClient.send("{\"type\":\"dance\"}");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("unknown_type");
        publicClient.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\",\"orderbook.EUR_USD\"]}");
        final JsonNode unknown = publicClient.next("error");
        assertThat(unknown.path("code").asString()).isEqualTo("unknown_topic");
        assertThat(unknown.path("message").asString()).contains("orderbook.EUR_USD");
        publicClient.send("{\"type\":\"subscribe\",\"topics\":[\"orderbook.*\"]}");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("wildcard_not_supported");
        publicClient.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\"]}");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("unauthorized");
        publicClient.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"x\":" + "[".repeat(40)
            + "]".repeat(40) + "}");
        assertThat(publicClient.next("error").path("code").asString()).isEqualTo("invalid_message");
        publicClient.send(Venue.create("p1", "buy", "1600.00", "1.00"));
        assertThat(publicClient.next("command_error").path("error").path("code").asString())
            .isEqualTo("UNAUTHORIZED");
        publicClient.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
        assertThat(publicClient.next("pong").path("id").asString()).isEqualTo("still-here");

        final WsClient trader = connect(Venue.KEY_NO_READ);
        trader.send("{\"type\":\"subscribe\",\"topics\":[\"user.fills\"]}");
        assertThat(trader.next("error").path("code").asString()).isEqualTo("forbidden");
        trader.send(Venue.create("t1", "buy", "1600.005", "1.00"));
        final JsonNode invalid = trader.next("command_error");
        assertThat(invalid.path("error").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.path("error").path("field").asString()).isEqualTo("price");
        trader.send(Venue.create("t2", "buy", "1600.01e3", "1.00"));
        assertThat(trader.next("command_error").path("error").path("field").asString()).isEqualTo("price");

        final WsClient reader = connect(Venue.KEY_READ_ONLY);
        reader.send(Venue.create("x1", "buy", "1600.00", "1.00"));
        assertThat(reader.next("command_error").path("error").path("code").asString()).isEqualTo("FORBIDDEN");
        reader.send("{\"type\":\"command\",\"request_id\":\"x2\",\"action\":\"order_cancel\",\"order_id\":\"5\"}");
        assertThat(reader.next("command_error").path("error").path("code").asString()).isEqualTo("FORBIDDEN");
    }

    @Test
    void shouldRefuseMoreThanFiftyTopicsAndCloseOnAMessageTooLarge() throws Exception
    {
        final WsClient client = connect(Venue.KEY_A);
        final StringBuilder topics = new StringBuilder("\"user.orders\"");
        for (int i = 0; i < 50; i++)
        {
            topics.append(",\"trades.USD_NGN\",\"orderbook.USD_NGN\"");
        }
        client.send("{\"type\":\"subscribe\",\"topics\":[" + topics + "]}");
        assertThat(client.next("subscribed").path("topics").size()).isEqualTo(3);

        // Nine topics a market over six markets: 52 more than the 3 above, of which 47 are the most allowed.
        for (final String base : new String[] {"AAA", "BBB", "CCC", "DDD", "EEE"})
        {
            venue.submit(new dev.bourse.engine.command.CreateAsset(base, 2));
            venue.submit(new dev.bourse.engine.command.CreateInstrument(base, "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0,
                10, 20, dev.bourse.engine.instrument.FeeAsset.RECEIVED, 1000, 1_00,
                dev.bourse.engine.instrument.InstrumentStatus.TRADING));
        }
        final java.util.List<String> more = new java.util.ArrayList<>();
        for (final String pair : new String[] {"USD_NGN", "AAA_NGN", "BBB_NGN", "CCC_NGN", "DDD_NGN", "EEE_NGN"})
        {
            if (!pair.equals("USD_NGN"))
            {
                more.add("\"trades." + pair + "\"");
                more.add("\"orderbook." + pair + "\"");
            }
            more.add("\"ticker." + pair + "\"");
            for (final String interval : new String[] {"1m", "5m", "15m", "1h", "4h", "1d"})
            {
                more.add("\"candles." + pair + "." + interval + "\"");
            }
        }
        assertThat(more).hasSize(52);
        // All or nothing: refused whole, so that 47 of them still fit afterwards, and one more does not.
        client.send("{\"type\":\"subscribe\",\"topics\":[" + String.join(",", more) + "]}");
        assertThat(client.next(m -> m.has("type")).path("code").asString()).isEqualTo("too_many_topics");
        client.send("{\"type\":\"subscribe\",\"topics\":[" + String.join(",", more.subList(0, 47)) + "]}");
        assertThat(client.next("subscribed").path("topics").size()).isEqualTo(47);
        client.send("{\"type\":\"subscribe\",\"topics\":[" + more.get(47) + "]}");
        assertThat(client.next(m -> m.has("type")).path("code").asString()).isEqualTo("too_many_topics");

        client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(client.next("error").path("code").asString()).isEqualTo("message_too_large");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1009);
    }

    @Test
    void shouldAnswerAMessageOfMegabytesWithMessageTooLargeBeforeTheClose() throws Exception
    {
        final WsClient client = connect(Venue.KEY_A);
        try
        {
            client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(3 << 20) + "\"}");
        }
        catch (final CompletionException e)
        {
            // The server answered and closed before the client had sent it all.
        }

        assertThat(client.next("error").path("code").asString()).isEqualTo("message_too_large");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1009);
    }

    @Test
    void shouldRefuseTheHandshakeForAnUnknownKey()
    {
        assertThatThrownBy(() -> connect("no-such-key"))
            .hasStackTraceContaining("401");
        final HttpResponse<String> response = venue.get("/exchange/orders", "no-such-key");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"status\":\"error\"");
    }

    @Test
    void shouldResumeMissedMessagesAfterARestartOnTheSameDataDirectory() throws Exception
    {
        final WsClient alice = connect(Venue.KEY_A);
        alice.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\"]}");
        alice.next("subscribed");
        alice.send(Venue.create("o1", "buy", "1600.00", "1.00"));
        final JsonNode firstUpdate = alice.nextData("user.orders");
        closeClients();
        venue.submit(new dev.bourse.engine.command.PlaceOrder(1, "USD/NGN", dev.bourse.engine.order.Side.BUY,
            dev.bourse.engine.order.OrderType.LIMIT, dev.bourse.engine.order.TimeInForce.GTC, 1599_00, 100, null,
            null, null));
        venue.close();

        venue = Venue.reopen(dir);
        final WsClient back = connect(Venue.KEY_A);
        back.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\",\"orderbook.USD_NGN\"],\"resume\":{"
            + "\"user.orders\":{\"epoch\":\"" + firstUpdate.path("epoch").asString() + "\",\"seq\":"
            + firstUpdate.path("seq").asLong() + "},"
            + "\"orderbook.USD_NGN\":{\"epoch\":\"00000000-0000-7000-8000-000000000000\",\"seq\":1}}}");
        final JsonNode subscribed = back.next("subscribed");
        assertThat(subscribed.path("resumed").toString()).isEqualTo("[\"user.orders\"]");
        assertThat(subscribed.path("resume_failed").get(0).path("reason").asString()).isEqualTo("epoch_changed");
        assertThat(subscribed.path("snapshots").get(0).path("data").path("bids").size()).isEqualTo(2);
        final JsonNode missed = back.nextData("user.orders");
        assertThat(missed.path("seq").asLong()).isEqualTo(firstUpdate.path("seq").asLong() + 1);
        assertThat(missed.path("data").path("price").asString()).isEqualTo("1599.00");

        back.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"resume\":{\"trades.USD_NGN\":{"
            + "\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":99}}}");
        assertThat(back.next("subscribed").path("resume_failed").get(0).path("reason").asString())
            .isEqualTo("too_old");
    }

    @Test
    void shouldServeTheRestRoutesOnTheSameEngine() throws Exception
    {
        final HttpResponse<String> markets = venue.get("/exchange/markets", null);
        assertThat(markets.statusCode()).isEqualTo(200);
        assertThat(markets.body()).contains("\"pair_id\":\"USD/NGN\"", "\"topic_key\":\"USD_NGN\"",
            "\"tick_size\":\"0.01\"");

        final HttpResponse<String> missingKey = venue.post("/exchange/orders", Venue.KEY_A, null,
            "{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"1600.00\","
                + "\"quantity\":\"2.00\"}");
        assertThat(missingKey.statusCode()).isEqualTo(400);

        final String body = "{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"1600.00\","
            + "\"quantity\":\"2.00\"}";
        final HttpResponse<String> created = venue.post("/exchange/orders", Venue.KEY_A, "rest-1", body);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"success\"", "\"status\":\"accepted\"");
        final String orderId = created.body().replaceAll(".*\"order_id\":\"(\\d+)\".*", "$1");
        assertThat(venue.post("/exchange/orders", Venue.KEY_A, "rest-1", body).body()).isEqualTo(created.body());

        final HttpResponse<String> order = venue.get("/exchange/orders/" + orderId, Venue.KEY_A);
        assertThat(order.body()).contains("\"id\":\"" + orderId + "\"", "\"fills\":[]");
        assertThat(venue.get("/exchange/orders/" + orderId, Venue.KEY_B).statusCode()).isEqualTo(404);

        final HttpResponse<String> book = venue.get("/exchange/orderbook/USD%2FNGN/snapshot", null);
        assertThat(book.body()).contains("{\"price\":\"1600.00\",\"quantity\":\"2.00\"}", "\"epoch\":");

        final HttpResponse<String> cancelled = venue.post("/exchange/orders/" + orderId + "/cancel", Venue.KEY_A,
            "rest-2", "");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.body()).contains("\"status\":\"cancelled\"", "\"cancelled_at\":");
        assertThat(venue.post("/exchange/orders/" + orderId + "/cancel", Venue.KEY_B, "rest-3", "").statusCode())
            .isEqualTo(404);

        final HttpResponse<String> balances = venue.get("/wallets/balances/overview", Venue.KEY_A);
        assertThat(balances.body()).contains("\"asset\":\"USD\"", "\"available\":\"1000000.0000\"");
        assertThat(venue.get("/wallets/balances/overview", Venue.KEY_NO_READ).statusCode()).isEqualTo(403);
    }
}
