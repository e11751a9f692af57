package dev.bourse.server.cli;

import dev.bourse.server.BourseServer;
import dev.bourse.server.config.ConfigLoader;
import dev.bourse.server.config.ServerConfig;
import dev.bourse.server.demo.DemoTraders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./bourse demo}: a live venue with demo instruments, two funded traders and the market simulator. */
@Command(name = "demo", description = "Run a demo venue on 127.0.0.1 with live simulated markets.",
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--data", description = "Data directory (default: ${DEFAULT-VALUE}).", defaultValue = "demo-data")
    Path data;

    @Option(names = "--port", description = "Port for the APIs (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(names = "--fresh", description = "Delete the data directory first and start a new venue.")
    boolean fresh;

    @Override
    public Integer call() throws Exception
    {
        if (fresh)
        {
            wipe(data);
        }
        final ServerConfig config = ConfigLoader.demo().withDataDir(data.toAbsolutePath()).withPort(port);
        final BourseServer server = BourseServer.start(config);
        final List<DemoTraders.Trader> traders;
        try
        {
            traders = DemoTraders.ensure(server.gateway(), config.dataDir());
            server.startSimulator();
        }
        catch (final Exception e)
        {
            server.close();
            throw e;
        }
        print(System.out, server, traders);
        return Running.untilSignalled(server);
    }

    private void print(final PrintStream out, final BourseServer server, final List<DemoTraders.Trader> traders)
    {
        final String base = "127.0.0.1:" + server.gateway().port();
        out.println();
        out.println("Bourse demo is live (epoch " + server.gateway().epoch() + ")");
        out.println("  WebSocket  ws://" + base + "/v1/ws");
        out.println("  REST       http://" + base + "/v1/partner/exchange/markets");
        out.println("  Metrics    http://" + base + "/metrics");
        out.println("  Admin      ./bourse admin --data " + data + " list-instruments");
        out.println("  Traders    (saved in " + data.resolve(DemoTraders.FILE) + ")");
        for (final DemoTraders.Trader t : traders)
        {
            out.println("    account " + t.accountId() + "  api key " + t.apiKey());
        }
        out.println("Stop with Ctrl-C; the next ./bourse demo continues where this one stopped (--fresh starts over).");
        out.println();
        out.flush();
    }

    // Deletes only what looks like a Bourse data directory, so that a mistyped --data cannot wipe anything else.
    private static void wipe(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        if (!Files.exists(dir.resolve("epoch")) && !Files.exists(dir.resolve(DemoTraders.FILE)))
        {
            try (Stream<Path> entries = Files.list(dir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalStateException("--fresh refuses to delete " + dir
                        + ": it does not look like a Bourse data directory");
                }
            }
        }
        try (Stream<Path> all = Files.walk(dir))
        {
            for (final Path p : all.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
