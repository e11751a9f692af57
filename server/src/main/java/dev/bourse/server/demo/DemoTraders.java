package dev.bourse.server.demo;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.Gateway;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.market.Markets;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.server.Commands;
import dev.bourse.server.admin.Secrets;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The demo's two trader accounts: funded in every asset, each with an API key holding every permission, saved in
 * {@code demo-credentials.json} (mode 0600) so that a second {@code ./bourse demo} on the same directory finds the
 * same keys. Only the keys' hashes are in the journal; the clear keys live in that file alone.
 */
public final class DemoTraders
{
    /** The credentials file in the data directory. */
    public static final String FILE = "demo-credentials.json";
    private static final int TRADERS = 2;
    // Whole units credited per asset: plenty for manual trading at the demo's prices; others get DEFAULT_FUNDING.
    private static final Map<String, Long> FUNDING = Map.of(
        "USD", 1_000_000L, "EUR", 1_000_000L, "GBP", 1_000_000L, "NGN", 1_000_000_000L, "BTC", 10L, "ETH", 100L);
    private static final long DEFAULT_FUNDING = 1_000_000L;
    // Leads the message of a set-up command the engine refuses.
    private static final String SET_UP = "demo set-up";

    private DemoTraders()
    {
    }

    /** One trader's credentials. */
    public record Trader(long accountId, String apiKey)
    {
    }

    /**
     * The traders of the credentials file when it exists and its keys are still valid; otherwise new accounts are
     * opened, funded and given keys, and the file is written.
     */
    public static List<Trader> ensure(final Gateway gateway, final Path dataDir)
        throws IOException, InterruptedException
    {
        final Path file = dataDir.resolve(FILE);
        if (Files.exists(file))
        {
            final List<Trader> saved = read(file);
            if (saved.stream().allMatch(t -> null != gateway.projection().apiKeys().authenticate(t.apiKey())))
            {
                return saved;
            }
        }
        final List<Trader> traders = new ArrayList<>();
        for (int i = 0; i < TRADERS; i++)
        {
            traders.add(create(gateway));
        }
        Secrets.writePrivate(file, new String(Json.write(g ->
        {
            g.writeStartObject();
            g.writeName("traders");
            g.writeStartArray();
            for (final Trader t : traders)
            {
                g.writeStartObject();
                g.writeStringProperty("account_id", Long.toString(t.accountId()));
                g.writeStringProperty("api_key", t.apiKey());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }), StandardCharsets.UTF_8) + "\n");
        return traders;
    }

    private static Trader create(final Gateway gateway) throws InterruptedException
    {
        final Sequencer sequencer = gateway.sequencer();
        final long accountId = gateway.projection().firstFreeAccountId();
        Commands.accept(sequencer, new CreateAccount(accountId, StpMode.EXPIRE_TAKER), SET_UP);
        for (final Markets.Asset asset : gateway.projection().markets().assets())
        {
            final long units = FUNDING.getOrDefault(asset.code(), DEFAULT_FUNDING);
            Commands.accept(sequencer, new Deposit(accountId, asset.code(),
                Math.multiplyExact(units, Amounts.pow10(asset.scale())), null), SET_UP);
        }
        final String key = Secrets.generate("bk_");
        Commands.accept(sequencer, new IssueApiKey(accountId, Sha256.of(key), EnumSet.allOf(Permission.class)), SET_UP);
        return new Trader(accountId, key);
    }

    private static List<Trader> read(final Path file) throws IOException
    {
        final JsonNode root = Json.parse(Files.readAllBytes(file));
        final List<Trader> traders = new ArrayList<>();
        for (final JsonNode t : root.path("traders"))
        {
            traders.add(new Trader(Long.parseLong(t.path("account_id").asString()), t.path("api_key").asString()));
        }
        return traders;
    }
}
