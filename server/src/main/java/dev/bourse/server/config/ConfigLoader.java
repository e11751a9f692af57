package dev.bourse.server.config;

import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.journal.JournalConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the server's YAML configuration file into a {@link ServerConfig}. Every key is optional, an empty file means
 * all defaults, and anything unknown, mistyped or out of range fails with a {@link ConfigException} naming the key.
 */
public final class ConfigLoader
{
    private static final String DEMO_RESOURCE = "/dev/bourse/server/demo.yaml";
    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
        "server", "data_dir", "journal", "limits", "slow_consumer", "simulator", "assets", "instruments");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "admin_port");
    private static final Set<String> JOURNAL_KEYS = Set.of(
        "durability", "fsync_interval_ms", "queue_capacity", "max_batch", "segment_mb", "snapshot_every_commands",
        "snapshot_interval_seconds", "snapshots_kept", "snapshot_mode");
    private static final Set<String> LIMITS_KEYS = Set.of(
        "messages_per_second", "message_burst", "commands_per_second", "command_burst", "cancels_per_second",
        "cancel_burst", "abuse_seconds");
    private static final Set<String> SLOW_CONSUMER_KEYS = Set.of(
        "max_pending_frames", "timeout_ms", "socket_send_buffer_bytes");
    private static final Set<String> SIMULATOR_KEYS = Set.of("enabled", "trades_per_second", "levels", "seed");
    private static final int MAX_PORT = 65535;
    private static final int MAX_SIMULATOR_LEVELS = 50;

    /** The session's outbox allows four times this many frames, which must still fit an int. */
    private static final int MAX_PENDING_FRAMES = 1 << 20;

    // Floats as BigDecimal so that "tick_size: 0.1" is exactly 0.1; a key given twice is a mistake, not "last wins".
    private static final YAMLMapper YAML = YAMLMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private ConfigLoader()
    {
    }

    /**
     * Reads a configuration file; relative paths in it are taken from the file's directory.
     *
     * @throws ConfigException when the file is missing, unreadable, not YAML or not a valid configuration.
     */
    public static ServerConfig load(final Path file)
    {
        if (!Files.exists(file))
        {
            throw new ConfigException("config file not found: " + file);
        }
        final String yaml;
        try
        {
            yaml = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read config file " + file + ": " + ex, ex);
        }
        return parse(yaml, file.toAbsolutePath().getParent());
    }

    /**
     * Reads a configuration from text.
     *
     * @param yaml    the file's content; empty for all defaults.
     * @param baseDir the directory relative paths are taken from.
     * @throws ConfigException when the text is not YAML or not a valid configuration.
     */
    public static ServerConfig parse(final String yaml, final Path baseDir)
    {
        final ConfigNode root = ConfigNode.root(readTree(yaml));
        root.allowOnly(TOP_LEVEL_KEYS);
        final ConfigNode server = root.section("server");
        server.allowOnly(SERVER_KEYS);
        final String host = server.string("host", ServerConfig.DEFAULT_HOST);
        final int port = server.integer("port", ServerConfig.DEFAULT_PORT, 0, MAX_PORT);
        final int adminPort = server.integer("admin_port", ServerConfig.DEFAULT_ADMIN_PORT, 0, MAX_PORT);
        final Path dataDir = dataDir(root, baseDir);
        final JournalSettings journal = journal(root.section("journal"));
        final RateLimits limits = limits(root.section("limits"));
        final SlowConsumerSettings slowConsumer = slowConsumer(root.section("slow_consumer"));
        final SimulatorConfig simulator = simulator(root.section("simulator"));

        final List<ConfigNode> instrumentNodes = root.mappings("instruments");
        final List<InstrumentSpec> instruments = InstrumentReader.readAll(instrumentNodes);
        final List<AssetSpec> assets = AssetResolver.resolve(root.mappings("assets"), instruments);
        final ServerConfig config = new ServerConfig(
            host, port, adminPort, dataDir, journal, limits, slowConsumer, simulator, assets, instruments);
        InstrumentReader.checkMinNotionals(instrumentNodes, instruments, config.assetScales());
        return config;
    }

    /**
     * The bundled demo venue: a few FX and crypto instruments, the simulator on, data in {@code ./demo-data} under the
     * working directory.
     */
    public static ServerConfig demo()
    {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("missing resource " + DEMO_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of("").toAbsolutePath());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read resource " + DEMO_RESOURCE, ex);
        }
    }

    private static JsonNode readTree(final String yaml)
    {
        try
        {
            return YAML.readTree(yaml);
        }
        catch (final JacksonException ex)
        {
            throw new ConfigException(describe(ex), ex);
        }
    }

    /** SnakeYAML's message spans lines with a drawing of the spot; keep its sentences and give the spot once. */
    private static String describe(final JacksonException ex)
    {
        final String problem = ex.getOriginalMessage().lines()
            .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
            .collect(Collectors.joining("; "));
        final TokenStreamLocation location = ex.getLocation();
        if (null == location || location.getLineNr() < 1)
        {
            return "invalid YAML: " + problem;
        }
        return "invalid YAML at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + problem;
    }

    private static Path dataDir(final ConfigNode root, final Path baseDir)
    {
        final String text = root.string("data_dir", ServerConfig.DEFAULT_DATA_DIR);
        try
        {
            return baseDir.toAbsolutePath().resolve(text).normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw root.error("data_dir", "not a valid path, got \"" + text + "\": " + ex.getReason());
        }
    }

    private static JournalSettings journal(final ConfigNode section)
    {
        section.allowOnly(JOURNAL_KEYS);
        final JournalSettings d = JournalSettings.DEFAULT;
        return new JournalSettings(
            section.oneOf("durability", d.durability()),
            section.longInteger("fsync_interval_ms", d.fsyncIntervalMs(), 1, 3_600_000),
            section.integer("queue_capacity", d.queueCapacity(), 1, 1 << 24),
            section.integer("max_batch", d.maxBatch(), 1, 1 << 20),
            section.integer("segment_mb", d.segmentMb(), 1, (int)(JournalConfig.MAX_SEGMENT_BYTES >> 20)),
            section.longInteger("snapshot_every_commands", d.snapshotEveryCommands(), 0, Long.MAX_VALUE),
            section.longInteger("snapshot_interval_seconds", d.snapshotIntervalSeconds(), 0, Integer.MAX_VALUE),
            section.integer("snapshots_kept", d.snapshotsKept(), 1, Integer.MAX_VALUE),
            section.oneOf("snapshot_mode", d.snapshotMode()));
    }

    private static RateLimits limits(final ConfigNode section)
    {
        section.allowOnly(LIMITS_KEYS);
        final RateLimits d = RateLimits.DEFAULT;
        final double messagesPerSecond = section.positive("messages_per_second", d.messagesPerSecond());
        final int messageBurst = section.integer("message_burst", d.messageBurst(), 1, Integer.MAX_VALUE);
        final double commandsPerSecond = section.positive("commands_per_second", d.commandsPerSecond());
        final int commandBurst = section.integer("command_burst", d.commandBurst(), 1, Integer.MAX_VALUE);
        final double cancelsPerSecond = section.positive("cancels_per_second", d.cancelsPerSecond());
        final int cancelBurst = section.integer("cancel_burst", d.cancelBurst(), 1, Integer.MAX_VALUE);
        final int abuseSeconds = section.integer("abuse_seconds", d.abuseSeconds(), 1, Integer.MAX_VALUE);
        // A client must always be able to cancel what it was allowed to place.
        if (cancelsPerSecond < commandsPerSecond)
        {
            throw section.error("cancels_per_second", "must be at least commands_per_second "
                + plain(commandsPerSecond) + ", got " + plain(cancelsPerSecond));
        }
        if (cancelBurst < commandBurst)
        {
            throw section.error("cancel_burst", "must be at least command_burst " + commandBurst + ", got "
                + cancelBurst);
        }
        return new RateLimits(
            messagesPerSecond, messageBurst, commandsPerSecond, commandBurst, cancelsPerSecond, cancelBurst,
            abuseSeconds);
    }

    private static SlowConsumerSettings slowConsumer(final ConfigNode section)
    {
        section.allowOnly(SLOW_CONSUMER_KEYS);
        final SlowConsumerSettings d = SlowConsumerSettings.DEFAULT;
        return new SlowConsumerSettings(
            section.integer("max_pending_frames", d.maxPendingFrames(), 2, MAX_PENDING_FRAMES),
            section.longInteger("timeout_ms", d.timeoutMs(), 1, Long.MAX_VALUE),
            section.integer("socket_send_buffer_bytes", d.socketSendBufferBytes(), 0, Integer.MAX_VALUE));
    }

    private static SimulatorConfig simulator(final ConfigNode section)
    {
        section.allowOnly(SIMULATOR_KEYS);
        final SimulatorConfig d = SimulatorConfig.DEFAULT;
        return new SimulatorConfig(
            section.bool("enabled", d.enabled()),
            section.positive("trades_per_second", d.tradesPerSecond()),
            section.integer("levels", d.levels(), 1, MAX_SIMULATOR_LEVELS),
            section.longInteger("seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static String plain(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }
}
