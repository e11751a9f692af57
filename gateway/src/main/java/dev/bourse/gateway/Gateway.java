package dev.bourse.gateway;

import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.gateway.limit.AccountLimiter;
import dev.bourse.gateway.net.GatewayServer;
import dev.bourse.gateway.net.HttpRouter;
import dev.bourse.gateway.net.Readiness;
import dev.bourse.gateway.protocol.stabyl.StabylContext;
import dev.bourse.gateway.protocol.stabyl.StabylHttpHandler;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.gateway.session.Sessions;
import dev.bourse.gateway.session.WakeUps;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.BatchBounds;
import dev.bourse.journal.sequencer.Sequencer;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A running exchange: the HTTP/WebSocket server bound first (so that {@code /healthz} and {@code /readyz} answer
 * during recovery), then the journal recovered from its data directory with the Stabyl projection rebuilt alongside,
 * then the sequencer started and traffic let in. {@link #close} stops in the reverse order, answering every command
 * already accepted before anything is shut.
 */
public final class Gateway implements AutoCloseable
{
    // Each shutdown step waits at most this long, so that a stuck client cannot hold the process.
    private static final long DRAIN_MILLIS = 2_000;

    private final Sessions sessions = new Sessions();
    private final GatewayServer server;
    private final Journal journal;
    private final StabylProjection projection;
    private final long recoveryNanos;
    private volatile StabylContext context;
    private volatile Readiness readiness = Readiness.STARTING;

    /**
     * Recovers the data directory and starts serving.
     *
     * @param journalConfig the data directory and its durability settings.
     * @param config        where and how to serve.
     * @param warnings      one line per thing recovery repaired, snapshot not taken, or failure that stopped the
     *                      exchange taking commands.
     */
    public Gateway(final JournalConfig journalConfig, final GatewayConfig config, final Consumer<String> warnings)
        throws InterruptedException
    {
        this(journalConfig, config, warnings, () -> System.currentTimeMillis() * 1_000_000L, Instrumentation.NONE);
    }

    /**
     * The same with the clock that stamps commands (nanoseconds since the epoch), for tests of engine time, and
     * what the venue reports.
     */
    public Gateway(
        final JournalConfig journalConfig, final GatewayConfig config, final Consumer<String> warnings,
        final LongSupplier clock, final Instrumentation instrumentation) throws InterruptedException
    {
        server = new GatewayServer(config.host(), config.port(),
            Math.max(1, Runtime.getRuntime().availableProcessors()), config.socketSendBufferBytes(),
            () -> new HttpRouter(this::readiness, instrumentation.endpoints(),
                () -> new StabylHttpHandler(context)));
        Journal opened = null;
        try
        {
            final long start = System.nanoTime();
            // Frames rebuilt during recovery carry the epoch, so the projection needs it before the journal opens.
            final UUID epoch = Journal.epoch(journalConfig.directory(), clock);
            projection = new StabylProjection(epoch.toString(), sessions::keyRevoked);
            opened = Journal.open(journalConfig, epoch, new BatchedSink(projection, sessions.wakeUps()), projection,
                warnings, clock);
            journal = opened;
            recoveryNanos = System.nanoTime() - start;
            final Sequencer sequencer = journal.sequencer();
            sequencer.observer(instrumentation.sequencer());
            sequencer.start();
            context = new StabylContext(projection, sequencer, config, new AccountLimiter(config.rateLimits()),
                sessions, instrumentation.metrics());
            readiness = Readiness.READY;
        }
        catch (final RuntimeException | Error e)
        {
            closeAfterFailure(opened, e);
            server.close();
            throw e;
        }
    }

    // A journal left open would keep its files and its sequencer and publisher threads after a failed start.
    private static void closeAfterFailure(final Journal opened, final Throwable failure)
    {
        if (null == opened)
        {
            return;
        }
        try
        {
            opened.close();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        }
        catch (final RuntimeException | Error e)
        {
            failure.addSuppressed(e);
        }
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

    /** The last sequence number recovered from the data directory. */
    public long recoveredSequence()
    {
        return journal.recoveredSequence();
    }

    /** How many logged commands recovery replayed after the snapshot. */
    public long replayedCommands()
    {
        return journal.replayedCommands();
    }

    /** How long recovery took, in milliseconds. */
    public long recoveryMillis()
    {
        return TimeUnit.NANOSECONDS.toMillis(recoveryNanos);
    }

    /** The state derived from events: markets, accounts, keys, orders; read-only for callers. */
    public StabylProjection projection()
    {
        return projection;
    }

    /** Open WebSocket sessions. */
    public int openSessions()
    {
        return sessions.size();
    }

    /** The sequencer, for admin commands (assets, instruments, accounts, keys, deposits). */
    public Sequencer sequencer()
    {
        return journal.sequencer();
    }

    // Ready until the exchange stops taking commands on its own: a balancer should then send traffic elsewhere.
    private Readiness readiness()
    {
        final Readiness now = readiness;
        return Readiness.READY == now && null != journal.sequencer().failure() ? Readiness.FAILED : now;
    }

    /**
     * Shuts down without losing anything accepted: stops taking connections and reading requests, waits until the
     * sequencer has answered every queued command, closes WebSocket sessions with 1001 once their replies are sent
     * (their cancels on disconnect still go through), then closes the server and the journal, which finishes what is
     * left, makes the log durable and writes a snapshot.
     */
    @Override
    public void close() throws InterruptedException
    {
        readiness = Readiness.STOPPING;
        server.stopAccepting();
        server.stopReading();
        final Sequencer sequencer = journal.sequencer();
        sequencer.awaitIdle(DRAIN_MILLIS);
        sessions.goAway();
        sessions.awaitClosed(DRAIN_MILLIS);
        sequencer.awaitIdle(DRAIN_MILLIS);
        server.close();
        journal.close();
    }

    /** The projection as the journal's sink, waking the event loops once per published batch. */
    private static final class BatchedSink extends ForwardingEventSink implements BatchBounds
    {
        private final WakeUps wakeUps;

        BatchedSink(final StabylProjection projection, final WakeUps wakeUps)
        {
            super(projection);
            this.wakeUps = wakeUps;
        }

        @Override
        public void onBatchStart()
        {
            wakeUps.batchStarted();
        }

        @Override
        public void onBatchEnd()
        {
            wakeUps.batchEnded();
        }
    }
}
