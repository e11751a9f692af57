package dev.bourse.gateway;

import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.gateway.net.GatewayServer;
import dev.bourse.gateway.protocol.stabyl.StabylContext;
import dev.bourse.gateway.protocol.stabyl.StabylHttpHandler;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.Sequencer;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A running exchange: the journal recovered from its data directory with the Stabyl projection rebuilt alongside,
 * the sequencer started, and the HTTP/WebSocket server bound. Closing stops the server first, then the journal, so
 * every accepted command is answered and written before the process ends.
 */
public final class Gateway implements AutoCloseable
{
    private final Journal journal;
    private final StabylProjection projection;
    private final GatewayServer server;

    /**
     * Recovers the data directory and starts serving.
     *
     * @param journalConfig the data directory and its durability settings.
     * @param config        where and how to serve.
     * @param warnings      one line per thing recovery repaired.
     */
    public Gateway(final JournalConfig journalConfig, final GatewayConfig config, final Consumer<String> warnings)
        throws InterruptedException
    {
        this(journalConfig, config, warnings, () -> System.currentTimeMillis() * 1_000_000L);
    }

    /** The same with the clock that stamps commands (nanoseconds since the epoch), for tests of engine time. */
    public Gateway(
        final JournalConfig journalConfig, final GatewayConfig config, final Consumer<String> warnings,
        final LongSupplier clock) throws InterruptedException
    {
        // Frames rebuilt during recovery carry the epoch, so the projection needs it before the journal opens.
        projection = new StabylProjection(Journal.epoch(journalConfig.directory(), clock).toString());
        journal = Journal.open(journalConfig, projection, projection, warnings, clock);
        final Sequencer sequencer = journal.sequencer();
        sequencer.start();
        final StabylContext context =
            new StabylContext(projection, sequencer, config, new AccountLimiter(config.rateLimits()));
        server = new GatewayServer(config.host(), config.port(),
            Math.max(1, Runtime.getRuntime().availableProcessors()), config.socketSendBufferBytes(),
            () -> new StabylHttpHandler(context));
    }

    /** The port the server listens on. */
    public int port()
    {
        return server.port();
    }

    /** The journal's epoch. */
    public String epoch()
    {
        return journal.epoch().toString();
    }

    /** The sequencer, for admin commands (assets, instruments, accounts, keys, deposits). */
    public Sequencer sequencer()
    {
        return journal.sequencer();
    }

    @Override
    public void close() throws InterruptedException
    {
        server.close();
        journal.close();
    }
}
