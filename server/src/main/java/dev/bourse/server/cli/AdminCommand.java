package dev.bourse.server.cli;

import dev.bourse.server.admin.AdminServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

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

    int post(final String path, final String json) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
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

    static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder("\"");
        for (final char c : text.toCharArray())
        {
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
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
            return admin.post("/admin/accounts", null == id ? "{}" : "{\"account_id\":" + id + "}");
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

        String body()
        {
            return "{\"account_id\":" + account + ",\"asset\":" + quote(asset) + ",\"amount\":" + quote(amount) + "}";
        }
    }

    @Command(name = "deposit", description = "Credit an account.", mixinStandardHelpOptions = true)
    static final class Deposit extends Transfer
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/deposits", body());
        }
    }

    @Command(name = "withdraw", description = "Debit an account's available balance.", mixinStandardHelpOptions = true)
    static final class Withdraw extends Transfer
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/withdrawals", body());
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
            final StringBuilder body = new StringBuilder("{\"account_id\":").append(account);
            if (null != permissions)
            {
                body.append(",\"permissions\":[");
                for (int i = 0; i < permissions.length; i++)
                {
                    body.append(i == 0 ? "" : ",").append(quote(permissions[i].strip()));
                }
                body.append(']');
            }
            return admin.post("/admin/keys", body.append('}').toString());
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
            return admin.post("/admin/keys/revoke", "{\"key_id\":" + keyId + "}");
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

        String body()
        {
            return "{\"symbol\":" + quote(symbol) + "}";
        }
    }

    @Command(name = "halt", description = "Halt an instrument: its open orders are cancelled.",
        mixinStandardHelpOptions = true)
    static final class Halt extends InstrumentSub
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/instruments/halt", body());
        }
    }

    @Command(name = "resume", description = "Resume trading on an instrument.", mixinStandardHelpOptions = true)
    static final class Resume extends InstrumentSub
    {
        @Override
        public Integer call() throws Exception
        {
            return admin.post("/admin/instruments/resume", body());
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
