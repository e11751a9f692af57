package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.Gateway;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real gateway on 127.0.0.1 and a free port, over a data directory, with USD/NGN and funded accounts. */
final class Venue implements AutoCloseable
{
    static final String KEY_A = "key-alice-0123456789";
    static final String KEY_B = "key-bob-0123456789";
    static final String KEY_READ_ONLY = "key-reader-0123456789";
    static final String KEY_NO_READ = "key-trader-0123456789";

    final Path dir;
    final Gateway gateway;

    private Venue(final Path dir, final int maxPendingFrames) throws InterruptedException
    {
        this.dir = dir;
        this.gateway = new Gateway(new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE),
            1 << 20, 0, 0, 2), "127.0.0.1", 0, maxPendingFrames, w -> { });
    }

    /** A new venue with USD/NGN listed, accounts 1 and 2 funded, and their keys issued. */
    static Venue seeded(final Path dir) throws Exception
    {
        final Venue venue = new Venue(dir, 10_000);
        venue.submit(new CreateAsset("USD", 4));
        venue.submit(new CreateAsset("NGN", 4));
        venue.submit(new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
            1000, 1650_00, InstrumentStatus.TRADING));
        for (long account = 1; account <= 2; account++)
        {
            venue.submit(new CreateAccount(account, StpMode.EXPIRE_TAKER));
            venue.submit(new Deposit(account, "USD", 1_000_000_0000L, null));
            venue.submit(new Deposit(account, "NGN", 1_000_000_000_0000L, null));
        }
        final Set<Permission> all = EnumSet.allOf(Permission.class);
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_A), all));
        venue.submit(new IssueApiKey(2, Sha256.of(KEY_B), all));
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_READ_ONLY), EnumSet.of(Permission.EXCHANGE_READ)));
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_NO_READ),
            EnumSet.of(Permission.ORDERS_CREATE, Permission.ORDERS_EXECUTE)));
        return venue;
    }

    /** Reopens an existing data directory. */
    static Venue reopen(final Path dir) throws Exception
    {
        return new Venue(dir, 10_000);
    }

    /** Reopens with a small outbound limit per connection. */
    static Venue withPendingLimit(final Path dir, final int maxPendingFrames) throws Exception
    {
        return new Venue(dir, maxPendingFrames);
    }

    String wsUrl()
    {
        return "ws://127.0.0.1:" + gateway.port() + "/v1/ws";
    }

    String httpUrl(final String path)
    {
        return "http://127.0.0.1:" + gateway.port() + "/v1/partner" + path;
    }

    EngineEvent.CommandResult submit(final Command command) throws Exception
    {
        final CompletableFuture<EngineEvent.CommandResult> done = new CompletableFuture<>();
        final boolean queued = gateway.sequencer().trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                done.complete(result);
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                done.completeExceptionally(cause);
            }
        });
        if (!queued)
        {
            throw new IllegalStateException("not queued: " + command);
        }
        return done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException
    {
        gateway.close();
    }
}
