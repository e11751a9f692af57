package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.limit.RateLimits;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets per connection and per account, the separate cancel budget, and the close for sustained abuse. */
class StabylLimitsTest extends VenueTest
{

    private void start(final RateLimits limits) throws Exception
    {
        venue = Venue.seeded(dir, Venue.CONFIG.withRateLimits(limits));
    }

    @Test
    void shouldRefuseMessagesOverTheConnectionBudgetWithRetryAfter() throws Exception
    {
        start(new RateLimits(2, 5, 1000, 1000, 1000, 1000, 60));
        final WsClient client = connect(null);
        for (int i = 0; i < 8; i++)
        {
            client.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        int pongs = 0;
        int refused = 0;
        for (int i = 0; i < 8; i++)
        {
            final JsonNode m = client.next(x -> true);
            if ("pong".equals(m.path("type").asString()))
            {
                pongs++;
            }
            else
            {
                assertThat(m.path("code").asString()).isEqualTo("rate_limited");
                assertThat(m.path("retry_after_ms").asLong()).isBetween(1L, 500L);
                refused++;
            }
        }
        assertThat(pongs).isEqualTo(5);
        assertThat(refused).isEqualTo(3);
        // A second connection has its own budget.
        final WsClient other = connect(null);
        other.send("{\"type\":\"ping\",\"id\":\"fresh\"}");
        assertThat(other.next("pong").path("id").asString()).isEqualTo("fresh");
    }

    @Test
    void shouldShareTheAccountCommandBudgetAcrossConnectionsAndRestButAlwaysLetCancelsThrough() throws Exception
    {
        start(new RateLimits(1000, 1000, 0.5, 2, 1000, 1000, 60));
        final WsClient first = connect(Venue.KEY_A);
        final WsClient second = connect(Venue.KEY_A);
        first.send(Venue.create("a1", "buy", "1600.00", "1.00"));
        final String orderId = first.next("command_ack").path("order_id").asString();
        second.send(Venue.create("a2", "buy", "1600.00", "1.00"));
        second.next("command_ack");
        first.send(Venue.create("a3", "buy", "1600.00", "1.00"));
        final JsonNode refused = first.next("command_error");
        assertThat(refused.path("request_id").asString()).isEqualTo("a3");
        assertThat(refused.path("error").path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(refused.path("error").path("retry_after_ms").asLong()).isBetween(1L, 2000L);

        final HttpResponse<String> rest = venue.post("/exchange/orders", Venue.KEY_A, "rest-1",
            "{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"1600.00\","
                + "\"quantity\":\"1.00\"}");
        assertThat(rest.statusCode()).isEqualTo(429);
        assertThat(rest.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
            assertThat(Long.parseLong(v)).isBetween(1L, 2L));
        assertThat(rest.body()).contains("\"code\":\"RATE_LIMITED\"", "\"retry_after_ms\":");

        // Another account is not affected; a cancel of this one still goes through.
        final WsClient bob = connect(Venue.KEY_B);
        bob.send(Venue.create("b1", "sell", "1700.00", "1.00"));
        assertThat(bob.next("command_ack").path("status").asString()).isEqualTo("accepted");
        first.send("{\"type\":\"command\",\"request_id\":\"c1\",\"action\":\"order_cancel\",\"order_id\":\""
            + orderId + "\"}");
        assertThat(first.next("command_ack").path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void shouldLetCancelsThroughAConnectionThatSpentItsBudget() throws Exception
    {
        start(new RateLimits(1, 2, 1000, 1000, 1000, 1000, 60));
        final WsClient alice = connect(Venue.KEY_A);
        alice.send(Venue.create("a1", "buy", "1600.00", "1.00"));
        final String orderId = alice.next("command_ack").path("order_id").asString();
        alice.send("{\"type\":\"ping\"}");
        alice.next("pong");
        alice.send("{\"type\":\"ping\"}");
        assertThat(alice.next("error").path("code").asString()).isEqualTo("rate_limited");
        alice.send("{\"type\":\"command\",\"request_id\":\"c1\",\"action\":\"order_cancel\",\"order_id\":\""
            + orderId + "\"}");
        assertThat(alice.next("command_ack").path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void shouldSpendTheRestConnectionBudgetOnAnyPathButAnOrderCancel() throws Exception
    {
        start(new RateLimits(0.1, 2, 1000, 1000, 1000, 1000, 60));
        // One client, one request at a time: every request on the same kept-alive connection.
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(post(client, "/exchange/markets/x/cancel").statusCode()).isEqualTo(404);
        assertThat(post(client, "/exchange/markets/x/cancel").statusCode()).isEqualTo(404);
        // A path that merely ends in /cancel is no cancel: it spends the connection's budget like any other.
        assertThat(post(client, "/exchange/markets/x/cancel").statusCode()).isEqualTo(429);
        // An order cancel does not, so that a client can always reduce its risk.
        final HttpResponse<String> cancel = post(client, "/exchange/orders/12345/cancel");
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(cancel.body()).contains("\"code\":\"NOT_FOUND\"");
    }

    private HttpResponse<String> post(final HttpClient client, final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(venue.httpUrl(path)))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).header("X-Api-Key", Venue.KEY_A)
            .header("Idempotency-Key", "k-" + System.nanoTime()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCloseAConnectionThatStaysFarOverItsLimit() throws Exception
    {
        start(new RateLimits(20, 20, 1000, 1000, 1000, 1000, 2));
        final WsClient abuser = connect(null);
        final WsClient bystander = connect(null);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        while (!abuser.closed.isDone() && System.nanoTime() < deadline)
        {
            try
            {
                abuser.send("{\"type\":\"ping\"}");
            }
            catch (final RuntimeException e)
            {
                break;
            }
            Thread.sleep(2);
        }
        assertThat(abuser.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(1008);
        assertThat(abuser.closeReason.get()).isEqualTo("rate_limited");
        // The last refusal says why the connection closes and, as every rate_limited error does, when to come back.
        final JsonNode last = abuser.untaken().stream().filter(m -> "error".equals(m.path("type").asString()))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(last.path("message").asString()).endsWith("closing after sustained abuse");
        assertThat(last.path("retry_after_ms").asLong()).isPositive();
        bystander.send("{\"type\":\"ping\",\"id\":\"ok\"}");
        assertThat(bystander.next("pong").path("id").asString()).isEqualTo("ok");
    }
}
