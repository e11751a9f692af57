package dev.bourse.server;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.gateway.Gateway;
import dev.bourse.gateway.Instrumentation;
import dev.bourse.server.admin.AdminServer;
import dev.bourse.server.config.ServerConfig;
import dev.bourse.server.metrics.Metrics;
import dev.bourse.server.sim.MarketSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A running venue: the data directory locked, the gateway recovered and serving (with {@code /metrics}), the
 * configured instruments listed, the admin API listening on 127.0.0.1, and the market simulator when enabled.
 * {@link #close} stops them in reverse order: the simulator first, so that nothing new arrives, then the gateway,
 * which answers what was accepted and writes a snapshot.
 */
public final class BourseServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BourseServer.class);

    private final ServerConfig config;
    private final DataDirLock lock;
    private final Gateway gateway;
    private final AdminServer admin;
    private final List<CreateInstrument> instruments;
    private MarketSimulator simulator;

    private BourseServer(final ServerConfig config) throws IOException, InterruptedException
    {
        this.config = config;
        lock = DataDirLock.acquire(config.dataDir());
        Gateway opened = null;
        try
        {
            final Metrics metrics = new Metrics();
            opened = new Gateway(config.journalConfig(), config.gatewayConfig(),
                warning -> LOG.warn("journal: {}", warning), () -> System.currentTimeMillis() * 1_000_000L,
                new Instrumentation(metrics, metrics, Map.of("/metrics", metrics)));
            gateway = opened;
            metrics.watch(gateway::sequencer);
            LOG.info("Bourse {} started: data={}, epoch={}, recovered_sequence={}, replayed={}, recovery_ms={}",
                version(), config.dataDir().toAbsolutePath().normalize(), gateway.epoch(),
                gateway.recoveredSequence(), gateway.replayedCommands(), gateway.recoveryMillis());
            instruments = InstrumentSetup.ensure(gateway, config);
            admin = new AdminServer(config.dataDir(), config.adminPort(), gateway);
            LOG.info("listening: api=http://{}:{}, admin={}", config.host(), gateway.port(), admin.url());
        }
        catch (final IOException | InterruptedException | RuntimeException e)
        {
            // A gateway left running would keep the journal open after the lock is gone.
            if (null != opened)
            {
                try
                {
                    opened.close();
                }
                catch (final InterruptedException closing)
                {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(closing);
                }
            }
            lock.close();
            throw e;
        }
    }

    /** Starts a venue as configured. */
    public static BourseServer start(final ServerConfig config) throws IOException, InterruptedException
    {
        return new BourseServer(config);
    }

    /** Starts the market simulator on the configured instruments, unless it runs already. */
    public void startSimulator() throws InterruptedException
    {
        if (null != simulator)
        {
            return;
        }
        simulator = new MarketSimulator(gateway.sequencer(), instruments, gateway.projection().markets().scales(),
            config.simulator().settings());
        simulator.start();
        LOG.info("market simulator started: instruments={}, seed={}", instruments.size(), simulator.seed());
    }

    /** The gateway, for the demo's set-up. */
    public Gateway gateway()
    {
        return gateway;
    }

    /** The version in the jar's manifest, or {@code dev} when run from classes. */
    public static String version()
    {
        final String v = BourseServer.class.getPackage().getImplementationVersion();
        return null == v ? "dev" : v;
    }

    @Override
    // The resources are only there to be closed.
    @SuppressWarnings("try")
    public void close() throws IOException, InterruptedException
    {
        LOG.info("stopping: finishing accepted commands, then writing a snapshot");
        final long start = System.nanoTime();
        // Closed in reverse order, each whatever the one before it threw: the gateway's close is what finishes accepted
        // commands and writes the snapshot, so a simulator or admin server that fails to stop must not skip it.
        final MarketSimulator runningSimulator = simulator;
        try (DataDirLock held = lock; Gateway open = gateway; AdminServer serving = admin;
            MarketSimulator trading = runningSimulator)
        {
            // Nothing to do but close them.
        }
        LOG.info("stopped cleanly in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
