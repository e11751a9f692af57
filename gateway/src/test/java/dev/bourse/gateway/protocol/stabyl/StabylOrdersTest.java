package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order commands across connections and restarts: replace, the REST list, cancel on disconnect, idempotency, resume,
 * ownership.
 */
class StabylOrdersTest extends VenueTest
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @BeforeEach
    void start() throws Exception
    {
        venue = Venue.seeded(dir);
    }

    private static String cancel(final String requestId, final String orderId)
    {
        return "{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_cancel\",\"order_id\":\""
            + orderId + "\"}";
    }

    private JsonNode order(final String orderId, final String key)
    {
        return MAPPER.readTree(venue.get("/exchange/orders/" + orderId, key).body()).path("data").path("order");
    }

    @Test
    void shouldReplaceAnOrderWithANewIdAndRefuseCancellingAnOrderThatIsNotYours() throws Exception
    {
        final WsClient alice = connectWith("?token=" + Venue.KEY_A);
        alice.send(Venue.create("a1", "buy", "1600.00", "2.00"));
        final String original = alice.next("command_ack").path("order_id").asString();
        alice.send("{\"type\":\"command\",\"request_id\":\"r1\",\"action\":\"order_replace\",\"order_id\":\""
            + original + "\",\"price\":\"1601.00\"}");
        final JsonNode replaced = alice.next("command_ack");
        assertThat(replaced.path("original_order_id").asString()).isEqualTo(original);
        final String fresh = replaced.path("new_order_id").asString();
        assertThat(fresh).isNotEqualTo(original);
        assertThat(order(original, Venue.KEY_A).path("status").asString()).isEqualTo("cancelled");
        assertThat(order(original, Venue.KEY_A).path("replace").path("replaced_by_order_id").asString())
            .isEqualTo(fresh);
        assertThat(order(fresh, Venue.KEY_A).path("price").asString()).isEqualTo("1601.00");
        assertThat(order(fresh, Venue.KEY_A).path("quantity").asString()).isEqualTo("2.00");

        final WsClient bob = connectWith("?token=" + Venue.KEY_B);
        bob.send(cancel("b1", fresh));
        assertThat(bob.next("command_error").path("error").path("code").asString()).isEqualTo("NOT_FOUND");
        bob.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\"]}");
        bob.next("subscribed");
        assertThat(venue.get("/exchange/orders", Venue.KEY_B).body()).doesNotContain(fresh);
        assertThat(order(fresh, Venue.KEY_A).path("status").asString()).isEqualTo("accepted");

        final WsClient opener = connectWith("?token=" + Venue.KEY_NO_EXECUTE);
        opener.send(cancel("o1", fresh));
        assertThat(opener.next("command_error").path("error").path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(venue.post("/exchange/orders/" + fresh + "/replace", Venue.KEY_NO_EXECUTE, "o2",
            "{\"price\":\"1602.00\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldListOwnOrdersNewestFirstFilteredByStatusAndPairAndPaged() throws Exception
    {
        final WsClient alice = connectWith("?token=" + Venue.KEY_A);
        final List<String> placed = new ArrayList<>();
        for (int i = 1; i <= 4; i++)
        {
            alice.send(Venue.create("l" + i, "buy", "1600.00", "1.00"));
            placed.add(alice.next("command_ack").path("order_id").asString());
        }
        for (final String id : List.of(placed.get(1), placed.get(3)))
        {
            alice.send(cancel("x" + id, id));
            alice.next("command_ack");
        }

        assertThat(listed("")).containsExactlyElementsOf(placed.reversed());
        assertThat(listed("?status=cancelled")).containsExactly(placed.get(3), placed.get(1));
        assertThat(listed("?status=accepted&pair_id=USD%2FNGN")).containsExactly(placed.get(2), placed.get(0));
        assertThat(listed("?status=ACCEPTED&pair_id=usd_ngn")).containsExactly(placed.get(2), placed.get(0));
        assertThat(venue.get("/exchange/orders?pair_id=EUR%2FNGN", Venue.KEY_A).statusCode()).isEqualTo(404);
        assertThat(venue.get("/exchange/orders?status=open", Venue.KEY_A).statusCode()).isEqualTo(400);
        assertThat(listed("?limit=2&offset=1")).containsExactly(placed.get(2), placed.get(1));
        assertThat(listed("?status=accepted&offset=1")).containsExactly(placed.get(0));
        assertThat(listed("?offset=4")).isEmpty();
        assertThat(venue.get("/exchange/orders?limit=0", Venue.KEY_A).statusCode()).isEqualTo(400);
    }

    // The ids of Alice's orders as the REST list gives them.
    private List<String> listed(final String query)
    {
        final JsonNode orders = MAPPER.readTree(venue.get("/exchange/orders" + query, Venue.KEY_A).body())
            .path("data").path("orders");
        final List<String> ids = new ArrayList<>();
        orders.forEach(o -> ids.add(o.path("id").asString()));
        return ids;
    }

    @Test
    void shouldCancelTheOpenOrdersOfAConnectionOpenedWithCancelOnDisconnectWhenItCloses() throws Exception
    {
        final WsClient keeper = connectWith("?token=" + Venue.KEY_A);
        keeper.send(Venue.create("k1", "buy", "1600.00", "1.00"));
        final String kept = keeper.next("command_ack").path("order_id").asString();
        final WsClient guarded = connectWith("?token=" + Venue.KEY_A + "&cancel_on_disconnect=true");
        guarded.send(Venue.create("g1", "buy", "1600.00", "1.00"));
        final String first = guarded.next("command_ack").path("order_id").asString();
        guarded.send(Venue.create("g2", "sell", "1700.00", "1.00"));
        final String second = guarded.next("command_ack").path("order_id").asString();
        guarded.send(cancel("g3", second));
        guarded.next("command_ack");

        guarded.close();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"cancelled".equals(order(first, Venue.KEY_A).path("status").asString())
            && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertThat(order(first, Venue.KEY_A).path("status").asString()).isEqualTo("cancelled");
        assertThat(order(first, Venue.KEY_A).path("cancel_reason").asString()).isEqualTo("disconnect");
        assertThat(order(second, Venue.KEY_A).path("cancel_reason").asString()).isEqualTo("user");
        assertThat(order(kept, Venue.KEY_A).path("status").asString()).isEqualTo("accepted");
    }

    @Test
    void shouldRefuseACancelOnDisconnectThatIsNotABooleanOrHasNoKey()
    {
        for (final String query : new String[] {"?cancel_on_disconnect=yes&token=" + Venue.KEY_A,
            "?cancel_on_disconnect=true"})
        {
            final Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> connectWith(query));
            assertThat(refused).hasStackTraceContaining("400");
        }
    }

    @Test
    void shouldReplayTheFirstResultAndRefuseAConflictAcrossARestart() throws Exception
    {
        final WsClient alice = connectWith("?token=" + Venue.KEY_A);
        alice.send(Venue.create("i1", "buy", "1600.00", "1.00"));
        final JsonNode first = alice.next("command_ack");
        final String restBody = "{\"pair_id\":\"USD/NGN\",\"side\":\"sell\",\"order_type\":\"limit\","
            + "\"price\":\"1700.00\",\"quantity\":\"1.00\"}";
        final String restFirst = venue.post("/exchange/orders", Venue.KEY_A, "i2", restBody).body();
        closeClients();
        venue.close();

        venue = Venue.reopen(dir);
        final WsClient again = connectWith("?token=" + Venue.KEY_A);
        again.send(Venue.create("i1", "buy", "1600.00", "1.00"));
        final JsonNode replay = again.next("command_ack");
        assertThat(replay.path("order_id").asString()).isEqualTo(first.path("order_id").asString());
        assertThat(replay.path("replayed").asBoolean()).isTrue();
        again.send(Venue.create("i1", "buy", "1600.00", "2.00"));
        assertThat(again.next("command_error").path("error").path("code").asString()).isEqualTo("CONFLICT");
        // Part filled since: a retry still answers as the first time, its created_at too.
        final WsClient bob = connectWith("?token=" + Venue.KEY_B);
        bob.send(Venue.create("f1", "buy", "1700.00", "0.50"));
        bob.next("command_ack");
        assertThat(venue.post("/exchange/orders", Venue.KEY_A, "i2", restBody).body()).isEqualTo(restFirst);
        assertThat(venue.post("/exchange/orders", Venue.KEY_A, "i2", restBody.replace("1700", "1701"))
            .statusCode()).isEqualTo(409);
    }

    @Test
    void shouldResumeMissedMessagesInOrderWithinOneRunAndSayTooOldPastTheRing() throws Exception
    {
        final WsClient alice = connectWith("?token=" + Venue.KEY_A);
        alice.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\",\"orderbook.USD_NGN\"]}");
        alice.next("subscribed");
        alice.send(Venue.create("m1", "buy", "1600.00", "1.00"));
        final JsonNode seen = alice.nextData("user.orders");
        final JsonNode bookSeen = alice.nextData("orderbook.USD_NGN");
        alice.close();

        final WsClient other = connectWith("?token=" + Venue.KEY_A);
        for (int i = 2; i <= 4; i++)
        {
            other.send(Venue.create("m" + i, "buy", "160" + i + ".00", "1.00"));
            other.next("command_ack");
        }
        final WsClient back = connectWith("?token=" + Venue.KEY_A);
        back.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\",\"orderbook.USD_NGN\"],\"resume\":{"
            + "\"user.orders\":{\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":" + seen.path("seq").asLong()
            + "},\"orderbook.USD_NGN\":{\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":"
            + bookSeen.path("seq").asLong() + "}}}");
        final JsonNode subscribed = back.next("subscribed");
        assertThat(subscribed.path("resumed").toString()).isEqualTo("[\"user.orders\",\"orderbook.USD_NGN\"]");
        assertThat(subscribed.has("snapshots")).isFalse();
        for (int i = 1; i <= 3; i++)
        {
            final JsonNode missed = back.nextData("user.orders");
            assertThat(missed.path("seq").asLong()).isEqualTo(seen.path("seq").asLong() + i);
            assertThat(missed.path("data").path("price").asString()).isEqualTo("160" + (i + 1) + ".00");
            assertThat(back.nextData("orderbook.USD_NGN").path("seq").asLong())
                .isEqualTo(bookSeen.path("seq").asLong() + i);
        }
        // Ahead of the stream is as unserviceable as behind the ring.
        back.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"resume\":{\"trades.USD_NGN\":{"
            + "\"epoch\":\"" + venue.gateway.epoch() + "\",\"seq\":5}}}");
        assertThat(back.next("subscribed").path("resume_failed").get(0).path("reason").asString())
            .isEqualTo("too_old");
    }
}
