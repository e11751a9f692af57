package dev.bourse.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's first command end to end, through the real launcher: {@code ./bourse demo} on a fresh directory
 * streams every instrument, takes orders with the key it printed, moves its metrics, answers the admin CLI, stops
 * cleanly on SIGTERM with a snapshot, and comes back with the same epoch and orders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class DemoLauncherIT
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PAIRS = List.of("USD/NGN", "BTC/USD", "ETH/USD", "EUR/USD", "GBP/USD");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private Path data;
    private int port;
    private Launcher demo;
    private String epoch;
    private String restingOrderId;

    @BeforeAll
    void start() throws Exception
    {
        data = dir.resolve("demo");
        port = Launcher.freePort();
        demo = startDemo();
        epoch = printed("epoch ([0-9a-f-]{36})");
    }

    @AfterAll
    void stop()
    {
        if (null != demo && demo.process.isAlive())
        {
            demo.process.destroyForcibly();
        }
    }

    private Launcher startDemo() throws Exception
    {
        final Launcher launcher = Launcher.start("demo", "--data", data.toString(), "--port", Integer.toString(port));
        final long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline)
        {
            if (!launcher.process.isAlive())
            {
                throw new AssertionError("demo exited: " + launcher.stderr());
            }
            if (launcher.stdout().contains("Stop with Ctrl-C") && ready())
            {
                return launcher;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("demo not ready: " + launcher.stderr());
    }

    @Test
    @Order(1)
    void streamsBooksAndTradesOfEveryInstrumentWithinTenSeconds() throws Exception
    {
        try (Ws ws = new Ws(wsUrl(null)))
        {
            final StringBuilder topics = new StringBuilder();
            for (final String pair : PAIRS)
            {
                final String key = pair.replace('/', '_');
                topics.append(topics.isEmpty() ? "" : ",").append("\"orderbook.").append(key).append("\",\"trades.")
                    .append(key).append('"');
            }
            ws.send("{\"type\":\"subscribe\",\"snapshot\":true,\"topics\":[" + topics + "]}");
            final Set<String> books = new HashSet<>();
            final Set<String> trades = new HashSet<>();
            final long deadline = System.currentTimeMillis() + 10_000;
            while ((books.size() < PAIRS.size() || trades.size() < PAIRS.size())
                && System.currentTimeMillis() < deadline)
            {
                final JsonNode m = ws.received.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                if (null == m)
                {
                    break;
                }
                if (m.path("type").asString().equals("subscribed"))
                {
                    for (final JsonNode s : m.path("snapshots"))
                    {
                        if (!s.path("data").path("bids").isEmpty() && !s.path("data").path("asks").isEmpty())
                        {
                            books.add(s.path("data").path("pair_id").asString());
                        }
                    }
                }
                else if (m.path("type").asString().equals("data"))
                {
                    final String topic = m.path("topic").asString();
                    final String pair = m.path("data").path("pair_id").asString();
                    (topic.startsWith("trades.") ? trades : books).add(pair);
                }
            }
            assertThat(books).as("two-sided books").containsExactlyInAnyOrderElementsOf(PAIRS);
            assertThat(trades).as("trades").containsExactlyInAnyOrderElementsOf(PAIRS);
        }
    }

    @Test
    @Order(2)
    void placesAndCancelsWithThePrintedKeyAndCountsIt() throws Exception
    {
        final String key = printed("account \\d+ +api key (\\S+)");
        final String before = get("/metrics", null).body();
        try (Ws ws = new Ws(wsUrl(key)))
        {
            final String orderId = place(ws, "r-1");
            ws.send("{\"type\":\"command\",\"request_id\":\"r-2\",\"action\":\"order_cancel\",\"order_id\":\""
                + orderId + "\"}");
            final JsonNode cancelled = ws.await(m -> m.path("request_id").asString("").equals("r-2"), 5_000);
            assertThat(cancelled.path("type").asString()).as(cancelled.toString()).isEqualTo("command_ack");
            restingOrderId = place(ws, "r-3");
        }
        final String after = get("/metrics", null).body();
        assertThat(metric(after, "bourse_commands_total{outcome=\"accepted\",type=\"PlaceOrder\"}"))
            .isGreaterThanOrEqualTo(metric(before, "bourse_commands_total{outcome=\"accepted\",type=\"PlaceOrder\"}")
                + 2);
        assertThat(metric(after, "bourse_commands_total{outcome=\"accepted\",type=\"CancelOrder\"}"))
            .isGreaterThanOrEqualTo(1);
        assertThat(metric(after, "bourse_messages_in_total{protocol=\"stabyl\",type=\"command\"}"))
            .isGreaterThanOrEqualTo(metric(before, "bourse_messages_in_total{protocol=\"stabyl\",type=\"command\"}")
                + 3);
        assertThat(metric(after, "bourse_messages_out_total{protocol=\"stabyl\",type=\"command_ack\"}"))
            .isGreaterThanOrEqualTo(3);
        assertThat(metric(after, "bourse_journal_batch_commands_count")).isGreaterThan(
            metric(before, "bourse_journal_batch_commands_count"));
        assertThat(after).contains("bourse_engine_apply_seconds_bucket", "bourse_sequencer_queue_depth",
            "bourse_connections_open{protocol=\"stabyl\"}");
    }

    // A buy on USD/NGN 5 % under the best bid: inside the 10 % band, far below the simulator's ladder and walk (under
    // 2 % from the reference), so it rests without trading.
    private String place(final Ws ws, final String requestId) throws Exception
    {
        final JsonNode book = JSON.readTree(get("/v1/partner/exchange/orderbook/USD_NGN/snapshot", null).body());
        final double bestBid = Double.parseDouble(book.path("data").path("bids").get(0).path("price").asString());
        final String price = String.format(java.util.Locale.ROOT, "%.2f", bestBid * 0.95);
        ws.send("{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_create\","
            + "\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"" + price
            + "\",\"quantity\":\"2.00\"}");
        final JsonNode ack = ws.await(m -> m.path("request_id").asString("").equals(requestId), 5_000);
        assertThat(ack.path("type").asString()).as(ack.toString()).isEqualTo("command_ack");
        return ack.path("order_id").asString();
    }

    @Test
    @Order(3)
    void adminIssuesAKeyThatWorksUntilRevoked() throws Exception
    {
        final Launcher issued = Launcher.run("admin", "--data", data.toString(), "issue-key", "--account", "2",
            "--permissions", "exchange:read");
        assertThat(issued.exitCode()).as(issued.stderr()).isZero();
        final JsonNode key = JSON.readTree(issued.stdout()).path("data");
        assertThat(key.path("permissions").toString()).isEqualTo("[\"exchange:read\"]");
        final String clearKey = key.path("api_key").asString();

        final Launcher listed = Launcher.run("admin", "--data", data.toString(), "list-keys", "--account", "2");
        assertThat(listed.stdout()).contains("\"key_id\":\"" + key.path("key_id").asString() + "\"")
            .doesNotContain(clearKey);

        try (Ws ws = new Ws(wsUrl(clearKey)))
        {
            ws.send("{\"type\":\"subscribe\",\"topics\":[\"user.orders\"]}");
            ws.await(m -> m.path("type").asString().equals("subscribed"), 5_000);

            final Launcher revoked = Launcher.run("admin", "--data", data.toString(), "revoke-key", "--key-id",
                key.path("key_id").asString());
            assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
            assertThat(ws.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        }
        assertThatThrownBy(() -> new Ws(wsUrl(clearKey)))
            .isInstanceOfAny(ExecutionException.class, CompletionException.class)
            .hasCauseInstanceOf(WebSocketHandshakeException.class)
            .satisfies(e -> assertThat(((WebSocketHandshakeException)e.getCause()).getResponse().statusCode())
                .isEqualTo(401));

        final Launcher bad = Launcher.run("admin", "--data", data.toString(), "revoke-key", "--key-id", "999999");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("UNKNOWN_API_KEY");
    }

    @Test
    @Order(4)
    void stopsCleanlyOnSigtermAndRestartsWithTheSameEpochAndOrders() throws Exception
    {
        assertThat(restingOrderId).as("set by the order test").isNotNull();
        final String key = printed("account \\d+ +api key (\\S+)");
        final Ws open = new Ws(wsUrl(key));
        open.send("{\"type\":\"subscribe\",\"topics\":[\"trades.BTC_USD\"]}");
        open.await(m -> m.path("type").asString().equals("subscribed"), 5_000);
        demo.sigterm();
        assertThat(open.closeCode.get(10, TimeUnit.SECONDS)).as("going away").isEqualTo(1001);
        assertThat(demo.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitCode()).as(demo.stderr()).isZero();
        assertThat(demo.stderr()).contains("stopped cleanly");
        try (Stream<Path> files = Files.list(data))
        {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".snap"));
        }

        demo = startDemo();
        assertThat(printed("epoch ([0-9a-f-]{36})")).isEqualTo(epoch);
        assertThat(printed("account \\d+ +api key (\\S+)")).isEqualTo(key);
        final JsonNode order = JSON.readTree(get("/v1/partner/exchange/orders/" + restingOrderId, key).body());
        assertThat(order.path("data").path("order").path("status").asString()).as(order.toString())
            .isEqualTo("accepted");

        demo.sigterm();
        assertThat(demo.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitCode()).isZero();
    }

    private String printed(final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(demo.stdout());
        assertThat(m.find()).as("printed: " + regex + " in\n" + demo.stdout()).isTrue();
        return m.group(1);
    }

    private String wsUrl(final String key)
    {
        return "ws://127.0.0.1:" + port + "/v1/ws" + (null == key ? "" : "?token=" + key);
    }

    private HttpResponse<String> get(final String path, final String key) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (null != key)
        {
            request.header("X-Api-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean ready()
    {
        try
        {
            return 200 == get("/readyz", null).statusCode();
        }
        catch (final Exception e)
        {
            return false;
        }
    }

    private static double metric(final String scrape, final String series)
    {
        for (final String line : scrape.split("\n"))
        {
            if (line.startsWith(series + " "))
            {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
