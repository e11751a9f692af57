package dev.bourse.bench.e2e;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Bourse server started for one scenario: a fresh data directory, one instrument (BTC/USD), rate limits out
 * of the way, and funded accounts with API keys created through the admin API, as an operator would.
 */
final class BenchVenue implements AutoCloseable
{
    static final String PAIR = "BTC/USD";
    static final String TOPIC_PAIR = "BTC_USD";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIG = """
        server:
          host: 127.0.0.1
          port: %d
        data_dir: %s
        journal:
          durability: %s
        limits:
          messages_per_second: 100000000
          message_burst: 100000000
          commands_per_second: 100000000
          command_burst: 100000000
          cancels_per_second: 100000000
          cancel_burst: 100000000
        assets:
          - code: USD
            scale: 8
          - code: BTC
            scale: 8
        instruments:
          - symbol: BTC/USD
            price_scale: 2
            quantity_scale: 6
            tick_size: "0.01"
            lot_size: "0.000001"
            min_quantity: "0.0001"
            max_quantity: "100"
            maker_fee_bps: 10
            taker_fee_bps: 20
            price_band_bps: 1000
            reference_price: "60000.00"
        """;

    private final ChildJvm process;
    private final URI ws;
    private final List<String> keys;

    private BenchVenue(final ChildJvm process, final URI ws, final List<String> keys)
    {
        this.process = process;
        this.ws = ws;
        this.keys = keys;
    }

    /**
     * Starts a server and opens the accounts.
     *
     * @param work             a directory for the data directory, config and log; the data directory must not exist.
     * @param durability       fsync, write or none.
     * @param accounts         accounts to open, each funded with 1e9 USD and 1e6 BTC and given an all-permission key.
     * @param heap             the server's heap, e.g. 2g.
     */
    static BenchVenue start(final Path work, final String durability, final int accounts, final String heap)
        throws Exception
    {
        final Path data = work.resolve("data");
        final Path config = work.resolve("bourse.yaml");
        final int port = freePort();
        Files.writeString(config, CONFIG.formatted(port, data, durability));
        final ChildJvm process = ChildJvm.start("bourse", heap, "dev.bourse.server.Main",
            List.of("serve", "--config", config.toString()), work.resolve("server.log"));
        try
        {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(http, process, port, data.resolve("admin-url"));
            final Admin admin = new Admin(http, URI.create(Files.readString(data.resolve("admin-url")).strip()),
                Files.readString(data.resolve("admin-token")).strip());
            final List<String> keys = new ArrayList<>();
            for (int i = 0; i < accounts; i++)
            {
                final String account = admin.post("/admin/accounts", "{}").get("account_id").asString();
                admin.post("/admin/deposits", "{\"account_id\":\"" + account
                    + "\",\"asset\":\"USD\",\"amount\":\"1000000000\"}");
                admin.post("/admin/deposits", "{\"account_id\":\"" + account
                    + "\",\"asset\":\"BTC\",\"amount\":\"1000000\"}");
                keys.add(admin.post("/admin/keys", "{\"account_id\":\"" + account
                    + "\",\"permissions\":[\"orders:create\",\"orders:execute\",\"exchange:read\"]}")
                    .get("api_key").asString());
            }
            return new BenchVenue(process, URI.create("ws://127.0.0.1:" + port + "/v1/ws"), keys);
        }
        catch (final Exception e)
        {
            process.close();
            throw e;
        }
    }

    URI ws()
    {
        return ws;
    }

    /** The API key of account {@code i}, in the order opened. */
    String key(final int i)
    {
        return keys.get(i);
    }

    ChildJvm process()
    {
        return process;
    }

    @Override
    public void close() throws InterruptedException
    {
        process.close();
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    // Ready means the gateway answers /readyz and the admin API has written where it listens.
    private static void awaitReady(final HttpClient http, final ChildJvm process, final int port,
        final Path adminUrl) throws Exception
    {
        final HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(2)).build();
        final long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline)
        {
            try
            {
                if (200 == http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()
                    && Files.exists(adminUrl) && Files.readString(adminUrl).endsWith("\n"))
                {
                    return;
                }
            }
            catch (final IOException e)
            {
                // Not listening yet.
            }
            process.requireAlive();
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server was not ready within 60 s");
    }

    /** The admin API, with the token from the data directory. */
    private record Admin(HttpClient http, URI base, String token)
    {
        JsonNode post(final String path, final String body) throws IOException, InterruptedException
        {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (200 != response.statusCode())
            {
                throw new IllegalStateException("admin " + path + " answered " + response.statusCode() + ": "
                    + response.body());
            }
            return JSON.readTree(response.body()).get("data");
        }
    }
}
