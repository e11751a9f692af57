package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.journal.codec.CommandFormatException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Health and readiness, a revoked key's connections, and the order of a shutdown, seen by clients. */
final class VenueLifecycleTest extends VenueTest
{
    @Test
    void healthAndReadinessAnswerBesideTheProtocol() throws Exception
    {
        venue = Venue.seeded(dir);
        assertThat(page("/healthz").statusCode()).isEqualTo(200);
        final HttpResponse<String> ready = page("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(page("/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void revokingAKeyClosesItsConnectionsAndRefusesItsHandshake() throws Exception
    {
        venue = Venue.seeded(dir);
        final WsClient other = connect(Venue.KEY_B);
        final WsClient revoked = connect(Venue.KEY_A);
        final ApiKeys.Principal principal = venue.gateway.projection().apiKeys().authenticate(Venue.KEY_A);
        venue.submit(new RevokeApiKey(principal.keyId()));
        assertThat(revoked.next("error").path("code").asString()).isEqualTo("unauthorized");
        assertThat(revoked.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(1008);
        assertThat(venue.get("/exchange/balances", Venue.KEY_A).statusCode()).isEqualTo(401);
        other.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
        assertThat(other.next("pong").path("id").asString()).isEqualTo("still-here");
    }

    @Test
    void shutdownAnswersAcceptedCommandsThenClosesWithGoingAway() throws Exception
    {
        venue = Venue.seeded(dir);
        final WsClient client = connect(Venue.KEY_A);
        for (int i = 0; i < 50; i++)
        {
            client.send(Venue.create("r" + i, "buy", "1600.00", "1.00"));
        }
        client.next(m -> m.path("request_id").asString("").equals("r0"));
        venue.close();
        venue = null;
        assertThat(client.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(1001);
        // r0's ack was taken above, and acks come in order; the rest are all in by the close.
        final long acks = 1 + client.received.stream()
            .filter(m -> m.path("type").asString().equals("command_ack")).count();
        venue = Venue.reopen(dir);
        final String orders = venue.get("/exchange/orders?limit=100", Venue.KEY_A).body();
        // Every command the server read before it stopped reading was executed and answered; the rest were neither.
        assertThat(orders.split("\"client_order_id\":\"c-r", -1).length - 1).as(orders).isEqualTo(acks);
    }

    @Test
    void aJournalThatStoppedAnswersUnavailableRatherThanBusyUntilRestarted() throws Exception
    {
        venue = Venue.seeded(dir);
        final WsClient client = connect(Venue.KEY_A);
        client.send(Venue.create("r1", "buy", "1600.00", "1.00"));
        assertThat(client.next(m -> m.path("request_id").asString("").equals("r1")).path("type").asString())
            .isEqualTo("command_ack");
        // A command the log cannot encode stops the sequencer, as a full disk or a failed fsync would.
        assertThatThrownBy(() -> venue.submit(new CreateAsset("\uD800", 2)))
            .hasCauseInstanceOf(CommandFormatException.class);

        client.send(Venue.create("r2", "buy", "1600.00", "1.00"));
        assertThat(client.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(1011);
        assertThat(client.received).noneMatch(m -> m.path("request_id").asString("").equals("r2"));
        final String order = "{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\","
            + "\"price\":\"1600.00\",\"quantity\":\"1.00\"}";
        final HttpResponse<String> refused = venue.post("/exchange/orders", Venue.KEY_B, "rest-1", order);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("UNAVAILABLE");
        // Reads are still served, so that clients can see what was done before the stop.
        assertThat(venue.get("/exchange/orders", Venue.KEY_A).body()).contains("\"client_order_id\":\"c-r1\"");
        final HttpResponse<String> ready = page("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"failed\"}");

        venue.close();
        venue = Venue.reopen(dir);
        assertThat(venue.get("/exchange/orders", Venue.KEY_A).body()).contains("\"client_order_id\":\"c-r1\"")
            .doesNotContain("c-r2");
        assertThat(venue.post("/exchange/orders", Venue.KEY_B, "rest-1", order).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> page(final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + venue.gateway.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
