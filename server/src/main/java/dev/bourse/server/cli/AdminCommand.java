package dev.bourse.server.cli;

import dev.bourse.gateway.json.Json;
import dev.bourse.server.admin.AdminServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import tools.jackson.core.JsonGenerator;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code ./bourse admin ...}: talks to a running server's admin API, found through its data directory (the URL and
 * token files the server writes there) or given with {@code --url} and {@code --token-file}. Prints the JSON answer;
 * exits 1 when the server refuses the request.
 */
@Command(name = "admin", description = "Administer a running server.", mixinStandardHelpOptions = true,
    subcommands = {
        AdminCommand.CreateAccount.class, AdminCommand.Deposit.class, AdminCommand.Withdraw.class,
        AdminCommand.IssueKey.class, AdminCommand.RevokeKey.class, AdminCommand.ListKeys.class,
        AdminCommand.Halt.class, AdminCommand.Resume.class, AdminCommand.ListInstruments.class})
final class AdminCommand implements Callable<Integer>
{
    @Option(names = "--data", description = "The server's data directory (default: ${DEFAULT-VALUE}).",
        defaultValue = "data", scope = ScopeType.INHERIT)
    Path data;

    @Option(names = "--url", description = "The admin API's URL (default: read from the data directory).",
        scope = ScopeType.INHERIT)
    String url;

    @Option(names = "--token-file", description = "The admin token's file (default: <data>/admin-token).",
        scope = ScopeType.INHERIT)
    Path tokenFile;

    @Override
    public Integer call()
    {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    int get(final String path) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    /** Posts a JSON object whose fields {@code fields} writes. */
    int post(final String path, final Consumer<JsonGenerator> fields) throws IOException, InterruptedException
    {
        final byte[] json = Json.write(g ->
        {
            g.writeStartObject();
            fields.accept(g);
            g.writeEndObject();
        });
        return send(HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    private int send(final HttpRequest.Builder request) throws IOException, InterruptedException
    {
        final String token = Files.readString(null == tokenFile ? data.resolve(AdminServer.TOKEN_FILE) : tokenFile,
            StandardCharsets.UTF_8).strip();
        final HttpResponse<String> response;
        try
        {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final ConnectException e)
        {
            throw new IllegalStateException("no server answers at " + base() + "; is it running?", e);
        }
        (response.statusCode() == 200 ? System.out : System.err).println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private String base() throws IOException
    {
        if (null != url)
        {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        final Path file = data.resolve(AdminServer.URL_FILE);
        if (!Files.exists(file))
        {
            throw new IllegalStateException("no running server found in " + data + " (no " + AdminServer.URL_FILE
                + "); give --data DIR or --url URL");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Base of the subcommands: the parent holds where the server is. */
    abstract static class Sub implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;
    }

    @Command(name = "create-account", description = "Open an account; prints its id.", mixinStandardHelpOptions = true)
    static final class CreateAccount extends Sub
    {
        @Option(names = "--id", description = "The account id (default: the smallest free one).")
        Long id;

        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/accounts", g ->
            {
                if (null != id)
                {
                    g.writeNumberProperty("account_id", id);
                }
            });
        }
    }

    /** Options of a deposit or withdrawal. */
    abstract static class Transfer extends Sub
    {
        @Option(names = "--account", required = true, description = "The account id.")
        long account;

        @Option(names = "--asset", required = true, description = "The asset code, e.g. USD.")
        String asset;

        @Option(names = "--amount", required = true, description = "A positive decimal amount, e.g. 100.50.")
        String amount;

        void fields(final JsonGenerator g)
        {
            g.writeNumberProperty("account_id", account);
            g.writeStringProperty("asset", asset);
            g.writeStringProperty("amount", amount);
        }
    }

    @Command(name = "deposit", description = "Credit an account.", mixinStandardHelpOptions = true)
    static final class Deposit extends Transfer
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/deposits", this::fields);
        }
    }

    @Command(name = "withdraw", description = "Debit an account's available balance.", mixinStandardHelpOptions = true)
    static final class Withdraw extends Transfer
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/withdrawals", this::fields);
        }
    }

    @Command(name = "issue-key", description = "Issue an API key; the key is printed once and never again.",
        mixinStandardHelpOptions = true)
    static final class IssueKey extends Sub
    {
        @Option(names = "--account", required = true, description = "The account the key acts for.")
        long account;

        @Option(names = "--permissions", split = ",",
            description = "Comma-separated: orders:create, orders:execute, exchange:read (default: all).")
        String[] permissions;

        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/keys", g ->
            {
                g.writeNumberProperty("account_id", account);
                if (null != permissions)
                {
                    g.writeName("permissions");
                    g.writeStartArray();
                    for (final String permission : permissions)
                    {
                        g.writeString(permission.strip());
                    }
                    g.writeEndArray();
                }
            });
        }
    }

    @Command(name = "revoke-key", description = "Revoke an API key; its open connections are closed.",
        mixinStandardHelpOptions = true)
    static final class RevokeKey extends Sub
    {
        @Option(names = "--key-id", required = true, description = "The key's id, as issue-key or list-keys show.")
        long keyId;

        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/keys/revoke", g -> g.writeNumberProperty("key_id", keyId));
        }
    }

    @Command(name = "list-keys", description = "List active API keys, without secrets.", mixinStandardHelpOptions = true)
    static final class ListKeys extends Sub
    {
        @Option(names = "--account", description = "Only this account's keys.")
        Long account;

        @Override
        public Integer call() throws Exception
        {
            return admin.get("/admin/keys" + (null == account ? "" : "?account_id=" + account));
        }
    }

    /** Options naming an instrument. */
    abstract static class InstrumentSub extends Sub
    {
        @Option(names = "--symbol", required = true, description = "The instrument, e.g. BTC/USD.")
        String symbol;

        void fields(final JsonGenerator g)
        {
            g.writeStringProperty("symbol", symbol);
        }
    }

    @Command(name = "halt", description = "Halt an instrument: its open orders are cancelled.",
        mixinStandardHelpOptions = true)
    static final class Halt extends InstrumentSub
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/instruments/halt", this::fields);
        }
    }

    @Command(name = "resume", description = "Resume trading on an instrument.", mixinStandardHelpOptions = true)
    static final class Resume extends InstrumentSub
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/instruments/resume", this::fields);
        }
    }

    @Command(name = "list-instruments", description = "List instruments and their status.",
        mixinStandardHelpOptions = true)
    static final class ListInstruments extends Sub
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.get("/admin/instruments");
        }
    }
}
