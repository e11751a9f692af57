package dev.bourse.server.config;

import dev.bourse.gateway.GatewayConfig;
import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.journal.JournalConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server is configured with, read by {@link ConfigLoader}; every setting has a default, listed in
 * {@code bourse.example.yaml}.
 *
 * @param host         the address the gateway binds.
 * @param port         the gateway's port, 0 for any free one.
 * @param adminPort    the admin API's port, 0 for any free one; the admin API always binds 127.0.0.1.
 * @param dataDir      the data directory holding the journal and snapshots, absolute.
 * @param journal      durability, batching, segments and snapshots.
 * @param limits       rate limits per connection and per account.
 * @param slowConsumer how far a connection may lag.
 * @param simulator    the market simulator.
 * @param assets       every asset to register, listed ones first and then those derived from the instruments.
 * @param instruments  every instrument to list, in file order.
 */
public record ServerConfig(
    String host,
    int port,
    int adminPort,
    Path dataDir,
    JournalSettings journal,
    RateLimits limits,
    SlowConsumerSettings slowConsumer,
    SimulatorConfig simulator,
    List<AssetSpec> assets,
    List<InstrumentSpec> instruments)
{
    /** Loopback only: exposing a venue is a decision to make in the file. */
    public static final String DEFAULT_HOST = GatewayConfig.DEFAULT.host();

    /** The gateway's default port. */
    public static final int DEFAULT_PORT = GatewayConfig.DEFAULT.port();

    /** Any free port, so that two servers on one machine never clash on the admin API by default. */
    public static final int DEFAULT_ADMIN_PORT = 0;

    /** The default data directory, relative to the configuration file's directory. */
    public static final String DEFAULT_DATA_DIR = "./data";

    /** Checks references and port ranges, and freezes the lists. */
    public ServerConfig
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(slowConsumer, "slowConsumer");
        Objects.requireNonNull(simulator, "simulator");
        checkPort("port", port);
        checkPort("adminPort", adminPort);
        assets = List.copyOf(assets);
        instruments = List.copyOf(instruments);
    }

    /** The journal's configuration, in the data directory. */
    public JournalConfig journalConfig()
    {
        return journal.toJournalConfig(dataDir);
    }

    /** The gateway's configuration. */
    public GatewayConfig gatewayConfig()
    {
        return new GatewayConfig(
            host, port, slowConsumer.maxPendingFrames(), slowConsumer.timeoutMs(), limits,
            slowConsumer.socketSendBufferBytes());
    }

    /** The scale of every asset by code, as {@link InstrumentSpec#toCommand} takes it. */
    public Map<String, Integer> assetScales()
    {
        final Map<String, Integer> scales = new LinkedHashMap<>();
        for (final AssetSpec asset : assets)
        {
            scales.put(asset.code(), asset.scale());
        }
        return scales;
    }

    /** The same with another gateway port, e.g. from {@code --port}. */
    public ServerConfig withPort(final int newPort)
    {
        return new ServerConfig(
            host, newPort, adminPort, dataDir, journal, limits, slowConsumer, simulator, assets, instruments);
    }

    /** The same with another data directory, e.g. from {@code --data}; a relative one is taken from the working one. */
    public ServerConfig withDataDir(final Path newDataDir)
    {
        return new ServerConfig(
            host, port, adminPort, newDataDir.toAbsolutePath().normalize(), journal, limits, slowConsumer, simulator,
            assets, instruments);
    }

    /** The same with the simulator switched on or off, e.g. from {@code --simulate}. */
    public ServerConfig withSimulator(final boolean enabled)
    {
        return new ServerConfig(
            host, port, adminPort, dataDir, journal, limits, slowConsumer, simulator.withEnabled(enabled), assets,
            instruments);
    }

    private static void checkPort(final String name, final int value)
    {
        if (value < 0 || value > 65535)
        {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + value);
        }
    }
}
