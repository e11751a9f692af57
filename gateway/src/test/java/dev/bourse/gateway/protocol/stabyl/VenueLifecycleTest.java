package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.gateway.auth.ApiKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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

    private HttpResponse<String> page(final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + venue.gateway.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
